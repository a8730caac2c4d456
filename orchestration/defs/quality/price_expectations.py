"""Great Expectations on the raw price tables, run as blocking asset checks.

The tables can hold tens of millions of rows, so DuckDB summarises the months the latest landing
touched (raw_prices.touched_periods) and GE validates the summaries (see gx_runner):
completeness per dataset and month, and the month-on-month ratio of each commodity's median
price, which a unit error ('13,800' read as 13.8, a price per 100 kg taken per kg) throws far
outside any real market move. Duplicate keys are not checked here: the lander keeps one row per
observation key and quarantines conflicting values, so such a check could never fail; the
uniqueness of fct_price_observation is a dbt test.
"""

import dagster as dg

from orchestration.defs.ingest.prices import PRICE_KEYS, RAW
from orchestration.lib.gx_runner import Suite, validate
from orchestration.resources import WarehouseResource

MIN_COMPLETENESS = 0.5  # share of (active region-commodity pairs x published periods) observed
MEDIAN_RATIO = (1 / 3, 3.0)  # real monthly moves of a median stay well inside; unit errors do not


def _touched_months(conn, family: str) -> list:
    """The months the family's latest landing touched (raw_prices.touched_periods): a run's
    checks look at what it brought, not again at the whole history."""
    return [
        month
        for (month,) in conn.execute(
            """
            select distinct cast(date_trunc('month', period_start) as date)
            from raw_prices.touched_periods
            where source = $family and ingested_at = (
                select max(ingested_at) from raw_prices.touched_periods where source = $family
            )
            order by 1
            """,
            {"family": family},
        ).fetchall()
    ]


def _summaries(conn, table: str, months: list) -> dict:
    """Completeness of the touched months, and their median moves against the month before;
    the rows are bounded by constant dates first, so only those months' row groups are read."""
    checked = ", ".join(f"date '{m}'" for m in months) or "null"
    low = f"date '{months[0]}' - interval 1 month" if months else "null"
    high = f"date '{months[-1]}' + interval 1 month" if months else "null"
    bounds = f"period_start >= {low} and period_start < {high}"
    month = "cast(date_trunc('month', period_start) as date)"
    completeness = conn.sql(
        f"""
        select source_dataset, period_grain, {month} as month,
            count(*) / (count(distinct (coalesce(region_code, '') || commodity_code
                || market_level || source_market)) * count(distinct period_start)) as completeness
        from {table}
        where {bounds} and {month} in ({checked})
        group by all
        """
    ).df()
    medians = conn.sql(
        f"""
        with monthly as (
            select source_dataset, commodity_code, {month} as month,
                median(price_idr) as median_price
            from {table}
            where {bounds}
            group by all
        )
        select this.source_dataset, this.commodity_code, this.month,
            this.median_price / previous.median_price as ratio_to_previous_month
        from monthly as this
        inner join monthly as previous
            on this.source_dataset = previous.source_dataset
            and this.commodity_code = previous.commodity_code
            and previous.month = this.month - interval 1 month
        where this.month in ({checked})
        """
    ).df()
    return {"completeness": completeness, "medians": medians}


def price_suites(name: str, summaries: dict) -> list[Suite]:
    return [
        Suite(
            f"{name}_completeness",
            summaries["completeness"],
            lambda gxe: [
                gxe.ExpectColumnValuesToBeBetween(
                    column="completeness", min_value=MIN_COMPLETENESS, max_value=1.0
                )
            ],
        ),
        Suite(
            f"{name}_median_moves",
            summaries["medians"],
            lambda gxe: [
                gxe.ExpectColumnValuesToBeBetween(
                    column="ratio_to_previous_month",
                    min_value=MEDIAN_RATIO[0],
                    max_value=MEDIAN_RATIO[1],
                )
            ],
        ),
    ]


def price_expectations_check(family: str) -> dg.AssetChecksDefinition:
    raw = RAW[family]

    @dg.asset_check(
        asset=PRICE_KEYS[family],
        name="price_expectations",
        description=f"Great Expectations on {raw.table}: completeness per dataset and month "
        f">= {MIN_COMPLETENESS:.0%}, each commodity's median within "
        f"x{MEDIAN_RATIO[0]:.2f}-x{MEDIAN_RATIO[1]:.0f} of the previous month.",
        blocking=True,
        pool="warehouse",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as conn:
            summaries = _summaries(conn, raw.table, _touched_months(conn, family))
        outcome = validate(
            price_suites(family, summaries), warehouse.data_docs_dir / f"raw_prices_{family}"
        )
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "expectations_evaluated": outcome.evaluated,
                "failures": dg.MetadataValue.md(
                    "\n".join(f"- {f}" for f in outcome.failures) or "none"
                ),
                "data_docs": dg.MetadataValue.path(outcome.data_docs),
            },
        )

    return _check


PRICE_CHECKS = [price_expectations_check(family) for family in PRICE_KEYS]
