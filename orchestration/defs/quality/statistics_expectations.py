"""Great Expectations on the statistics facts, as asset checks.

Facts are small (thousands of rows), so GE reads them whole: years in range and no negative
quantity (blocking). Whether the regencies of a province add up to the province's own figure is
reported as a table of gaps; small gaps are normal (different revision dates, rounding) and only
a gap beyond ``MAX_TOTAL_GAP_PCT`` makes the warning check fail.
"""

from datetime import date

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.defs.metadata import preview
from orchestration.defs.warehouse.assets import sinergi_dbt_models
from orchestration.lib.gx_runner import Suite, validate
from orchestration.resources import WarehouseResource

FIRST_YEAR = 2000
MAX_TOTAL_GAP_PCT = 10.0
FACT_QUANTITIES = {
    "fct_production": ["production_ton", "harvested_area_ha", "yield_ton_per_ha"],
    "fct_population": ["population_persons"],
    "fct_consumption_per_capita": ["kg_per_capita_year"],
    "fct_grdp": ["grdp_per_capita_constant_idr", "grdp_per_capita_current_idr"],
}


def fact_expectations_check(model: str, quantities: list[str]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=get_asset_key_for_model([sinergi_dbt_models], model),
        name=f"{model}_expectations",
        description=f"Great Expectations on core.{model}: years {FIRST_YEAR}..this year, no "
        f"negative {', '.join(quantities)}.",
        blocking=True,
        pool="warehouse",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as conn:
            frame = conn.sql(f"select * from core.{model}").df()

        def expectations(gxe):
            return [
                gxe.ExpectColumnValuesToBeBetween(
                    column="year", min_value=FIRST_YEAR, max_value=date.today().year
                ),
                *(gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in quantities),
            ]

        outcome = validate([Suite(model, frame, expectations)], warehouse.data_docs_dir / model)
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "rows": len(frame),
                "expectations_evaluated": outcome.evaluated,
                "failures": dg.MetadataValue.md(
                    "\n".join(f"- {f}" for f in outcome.failures) or "none"
                ),
                "data_docs": dg.MetadataValue.path(outcome.data_docs),
            },
        )

    return _check


@dg.asset_check(
    asset=get_asset_key_for_model([sinergi_dbt_models], "fct_production"),
    name="regency_totals_match_province",
    description="Sum of a province's kab/kota production against the province's own figure, "
    f"where both exist; fails (as a warning) only beyond {MAX_TOTAL_GAP_PCT:.0f}%.",
    pool="warehouse",
)
def regency_totals_match_province(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        gaps = conn.sql(
            """
            with regencies as (
                select left(region_code, 2) as province_code, commodity_code, year,
                    sum(production_ton) as regencies_ton, count(*) as regencies
                from core.fct_production
                where geo_level = 'kabupaten_kota' and production_ton is not null
                group by all
            )
            select regencies.province_code, regencies.commodity_code, regencies.year,
                regencies.regencies, round(regencies.regencies_ton, 2) as regencies_ton,
                round(province.production_ton, 2) as province_ton,
                round((regencies.regencies_ton - province.production_ton)
                    / province.production_ton * 100, 2) as gap_pct
            from regencies
            inner join core.fct_production as province
                on province.geo_level = 'provinsi'
                and province.region_code = regencies.province_code
                and province.commodity_code = regencies.commodity_code
                and province.year = regencies.year
                and province.production_ton > 0
            order by abs(gap_pct) desc
            """
        ).pl()
    worst = gaps["gap_pct"].abs().max() if gaps.height else 0.0
    return dg.AssetCheckResult(
        passed=gaps.height == 0 or worst <= MAX_TOTAL_GAP_PCT,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "comparisons": gaps.height,
            "largest_gap_pct": float(worst or 0.0),
            "gaps": preview(gaps, rows=20),
        },
    )


STATISTICS_CHECKS = [
    *(fact_expectations_check(model, columns) for model, columns in FACT_QUANTITIES.items()),
    regency_totals_match_province,
]
