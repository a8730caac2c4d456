"""From a batch of price cells in DuckDB to the price contract, in SQL: ``to_price_contract`` for
the set-based landing, step for step.

The steps and their rules are the ones ``sources/prices/tidy.py`` applies to one file's frame,
taken from there: the feed's number format (``NumberFormat.sql``), missing and zero cells, region
names resolved by the resolver once per distinct name (a lookup table joined to the batch),
commodity names looked up once per distinct name, the unit check, the pre-2022 province extent,
and the contract's checks derived from ``PriceObservation``. Each step's rejects name the file,
row, column, value and rule, as the per-file path does; tests/integration/test_batch_landing.py
lands real files both ways and requires the same rows and the same quarantine.
"""

import duckdb
import polars as pl

from sources.common.commodities import CommodityDictionary
from sources.common.contract_sql import passes_all, rejects_sql, sql_checks
from sources.common.numbers import missing_sql
from sources.common.region_resolver import RESOLVED, RegionResolver
from sources.prices import schema
from sources.prices.schema import COLUMNS, PriceObservation
from sources.prices.tidy import (
    REGION_RULE,
    SPLIT_PROVINCES,
    UNIT_RULE,
    Feed,
    commodity_lookup,
    price_rule,
    resolve_region_names,
    unknown_commodity_rule,
)

REGION_KEYS = ["geo_level", "source_region_name", "province_hint"]
COORDINATES = ["latitude", "longitude"]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _same(columns: list[str], left: str, right: str) -> str:
    return " and ".join(f"{left}.{c} is not distinct from {right}.{c}" for c in columns)


def _reject(relation: str, where: str, column: str, value: str, rule: str) -> str:
    return (
        f"select source_file, source_row, {_literal(column)} as column_name, "
        f"cast({value} as varchar) as value, {_literal(rule)} as rule "
        f"from {relation} where {where}"
    )


def price_contract_sql(
    conn: duckdb.DuckDBPyConnection,
    cells: str,
    feed: Feed,
    resolver: RegionResolver,
    commodities: CommodityDictionary,
    states_unit: bool,
) -> None:
    """Turn the relation ``cells`` (a layout's cells with the defaults of
    ``tidy.with_defaults`` and ``file_order``) into the temp tables ``_price_rows`` (contract
    rows with file_order, the one table the batch is written to: the steps before it are views,
    read where they are needed) and ``_price_rejects`` (file, row, column, value, rule).
    ``states_unit``: the layout gives each price's unit (else it is the commodity's)."""
    fmt = feed.number_format
    text = "cast(price_text as varchar)"
    missing = missing_sql(text)
    if feed.zero_is_missing:
        missing = f"({missing} or coalesce({fmt.sql(text)} = 0, false))"
    conn.execute(
        f"create or replace temp view _price_parsed as "
        f"select *, {fmt.sql(text)} as price_idr from {cells} where not ({missing})"
    )
    # regions: the resolver once per distinct name (and market coordinates, where given)
    names = conn.execute(f"select * from {cells} limit 0").pl().columns
    keys = REGION_KEYS + [c for c in COORDINATES if c in names]
    distinct = conn.execute(f"select distinct {', '.join(keys)} from {cells}").pl()
    outcome = ["region_code", "resolution_status", "resolution_note"]
    if distinct.height:
        lookup = resolve_region_names(distinct, resolver).select(*keys, *outcome)
    else:
        lookup = distinct.with_columns(pl.lit(None, pl.String).alias(c) for c in outcome)
    conn.register("_region_lookup", lookup.to_arrow())
    # commodities: the dictionary once per distinct name
    commodity_names = conn.execute(f"select distinct source_commodity_name from {cells}").pl()
    conn.register(
        "_commodity_lookup", commodity_lookup(commodity_names, feed, commodities).to_arrow()
    )
    unit = "p.unit" if states_unit else "c.expected_unit"
    # parsed, resolved, and the first step each row fails (tidy's order of steps): a view, read
    # once for the contract rows and once for each kind of reject
    conn.execute(
        f"""
        create or replace temp view _price_resolved as
        select *,
            case
                when price_idr is null then 'price'
                when resolution_status <> '{RESOLVED}' then 'region'
                when commodity_code is null then 'commodity'
                when coalesce(unit <> expected_unit, false) then 'unit'
            end as failed_step
        from (
            select p.* exclude (price_idr{", unit" if states_unit else ""}), p.price_idr,
                r.region_code, r.resolution_status, r.resolution_note,
                c.commodity_code, c.expected_unit, {unit} as unit
            from _price_parsed as p
            left join _region_lookup as r on {_same(keys, "p", "r")}
            left join _commodity_lookup as c
                on p.source_commodity_name = c.source_commodity_name
        )
        """
    )
    step_rejects = f"""
        select source_file, source_row, failed_step as column_name,
            case failed_step
                when 'price' then cast(price_text as varchar)
                when 'region' then resolution_note
                when 'commodity' then source_commodity_name
                else unit
            end as value,
            case failed_step
                when 'price' then {_literal(price_rule(feed))}
                when 'region' then {_literal(REGION_RULE)}
                when 'commodity' then {_literal(unknown_commodity_rule(feed))}
                else {_literal(UNIT_RULE)}
            end as rule
        from _price_resolved where failed_step is not null
    """
    split = ", ".join(_literal(code) for code in SPLIT_PROVINCES)
    extent = (
        f"case when geo_level = 'provinsi' and region_code in ({split}) "
        "then 'pre_2022_province' else 'current' end"
        if feed.reports_pre_split_provinces
        else "'current'"
    )
    casts = {
        "source": _literal(feed.source),
        "source_dataset": _literal(feed.dataset),
        "source_market": "coalesce(cast(source_market as varchar), '')",
        "source_region_name": "coalesce(cast(source_region_name as varchar), '')",
        "region_extent": extent,
    }
    duck = {pl.String: "varchar", pl.Date: "date", pl.Float64: "double", pl.Boolean: "boolean"}
    columns = ", ".join(
        f"cast({casts.get(name, name)} as {duck.get(kind, 'bigint')}) as {name}"
        for name, kind in COLUMNS.items()
    )
    conn.execute(
        "create or replace temp view _price_candidates as "
        f"select {columns}, file_order from _price_resolved where failed_step is null"
    )
    checks = sql_checks(PriceObservation, schema.sql_checks())
    passes = passes_all(checks)
    conn.execute(
        "create or replace temp table _price_rows as "
        f"select * from _price_candidates where {passes}"
    )
    # the few rows that break a rule, each rule they break (as pandera reports them)
    conn.execute(
        "create or replace temp table _price_broken as "
        f"select * from _price_candidates where not ({passes})"
    )
    conn.execute(
        f"create or replace temp table _price_rejects as {step_rejects} union all "
        + rejects_sql(PriceObservation, checks, "_price_broken")
    )
    conn.execute("drop table _price_broken")
    conn.execute("drop view _price_candidates")
    conn.execute("drop view _price_resolved")
    conn.execute("drop view _price_parsed")
    conn.unregister("_region_lookup")
    conn.unregister("_commodity_lookup")
