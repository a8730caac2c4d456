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
    rows with file_order) and ``_price_rejects`` (file, row, column, value, rule).
    ``states_unit``: the layout gives each price's unit (else it is the commodity's)."""
    fmt = feed.number_format
    text = "cast(price_text as varchar)"
    missing = missing_sql(text)
    if feed.zero_is_missing:
        missing = f"({missing} or coalesce({fmt.sql(text)} = 0, false))"
    conn.execute(
        f"create or replace temp table _price_parsed as "
        f"select *, {fmt.sql(text)} as price_idr from {cells} where not ({missing})"
    )
    # regions: the resolver once per distinct name (and market coordinates, where given)
    names = conn.execute("select * from _price_parsed limit 0").pl().columns
    keys = REGION_KEYS + [c for c in COORDINATES if c in names]
    distinct = conn.execute(
        f"select distinct {', '.join(keys)} from _price_parsed where price_idr is not null"
    ).pl()
    outcome = ["region_code", "resolution_status", "resolution_note"]
    if distinct.height:
        lookup = resolve_region_names(distinct, resolver).select(*keys, *outcome)
    else:
        lookup = distinct.with_columns(pl.lit(None, pl.String).alias(c) for c in outcome)
    conn.register("_region_lookup", lookup.to_arrow())
    # commodities: the dictionary once per distinct name
    commodity_names = conn.execute("select distinct source_commodity_name from _price_parsed").pl()
    conn.register(
        "_commodity_lookup", commodity_lookup(commodity_names, feed, commodities).to_arrow()
    )
    unit = "p.unit" if states_unit else "c.expected_unit"
    conn.execute(
        f"""
        create or replace temp table _price_resolved as
        select p.* exclude (price_idr{", unit" if states_unit else ""}), p.price_idr,
            r.region_code, r.resolution_status, r.resolution_note,
            c.commodity_code, c.expected_unit, {unit} as unit
        from _price_parsed as p
        left join _region_lookup as r on {_same(keys, "p", "r")}
        left join _commodity_lookup as c on p.source_commodity_name = c.source_commodity_name
        """
    )
    unparsed = "price_idr is null"
    unresolved = f"not ({unparsed}) and resolution_status <> '{RESOLVED}'"
    unknown = f"not ({unparsed}) and resolution_status = '{RESOLVED}' and commodity_code is null"
    wrong_unit = (
        f"not ({unparsed}) and resolution_status = '{RESOLVED}' and commodity_code is not null "
        "and coalesce(unit <> expected_unit, false)"
    )
    step_rejects = [
        _reject("_price_resolved", unparsed, "price", "price_text", price_rule(feed)),
        _reject("_price_resolved", unresolved, "region", "resolution_note", REGION_RULE),
        _reject(
            "_price_resolved",
            unknown,
            "commodity",
            "source_commodity_name",
            unknown_commodity_rule(feed),
        ),
        _reject("_price_resolved", wrong_unit, "unit", "unit", UNIT_RULE),
    ]
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
        f"""
        create or replace temp table _price_candidates as
        select {columns}, file_order from _price_resolved
        where not ({unparsed}) and resolution_status = '{RESOLVED}' and commodity_code is not null
            and not coalesce(unit <> expected_unit, false)
        """
    )
    checks = sql_checks(PriceObservation, schema.sql_checks())
    conn.execute(
        "create or replace temp table _price_rejects as "
        + "\nunion all\n".join(step_rejects)
        + "\nunion all\n"
        + rejects_sql(PriceObservation, checks, "_price_candidates")
    )
    conn.execute(
        "create or replace temp table _price_rows as "
        f"select * from _price_candidates where {passes_all(checks)}"
    )
    for table in ("_price_parsed", "_price_resolved", "_price_candidates"):
        conn.execute(f"drop table {table}")
    conn.unregister("_region_lookup")
    conn.unregister("_commodity_lookup")
