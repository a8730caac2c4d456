{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=price_period_key(),
    partition_by=spark_partitions(['source']),
    on_schema_change='fail',
    meta={'publish_watermark': 'built_through_ingest_at', 'publish_partition': 'period_start'}
  )
}}
{#-
  Deviasi harga daerah: each region's price against the mean of the regions reporting the same
  source, commodity, market level, geo level and period, D_r = (P_r - mean) / mean x 100 (Kemendag),
  rounded once, here; mart_price_disparity reads it. The mean comes from a grouped join, not a
  window, so the aggregate spills to disk at national scale; the rank from the cheapest is a
  window whose sort spills too. The regional prices are read in place by both, not through a CTE:
  DuckDB materializes a CTE read twice (at national-10y 46M rows written and read back, 16 s of
  the query's 51). Incremental: only the periods that landings touched since the last build are
  recomputed.
-#}
{%- set regional -%}
    (select * from {{ ref('int_prices_regional') }}
    {%- if is_incremental() %} where {{ touched_price_periods_filter(this) }}{% endif %})
{%- endset -%}
with

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

peers as (
    select
        source,
        commodity_code,
        market_level,
        geo_level,
        period_grain,
        period_start,
        {{ round_to(exact_avg('price_idr_per_unit'), 2) }} as mean_price_idr_per_unit,
        count(*) as regions_reporting
    from {{ regional }} as regional
    group by source, commodity_code, market_level, geo_level, period_grain, period_start
),

ranked as (
    select
        *,
        cast(rank() over (
            partition by source, commodity_code, market_level, geo_level, period_grain, period_start
            order by price_idr_per_unit
        ) as bigint) as rank_from_cheapest
    from {{ regional }} as regional
),

final as (
    select
        ranked.source,
        ranked.commodity_code,
        ranked.market_level,
        ranked.geo_level,
        ranked.region_code,
        ranked.period_grain,
        ranked.period_start,
        ranked.period_end,
        ranked.unit,
        ranked.price_idr_per_unit,
        peers.mean_price_idr_per_unit,
        {{ round_to(
            '(ranked.price_idr_per_unit - peers.mean_price_idr_per_unit)'
            ~ ' / peers.mean_price_idr_per_unit * 100',
            2
        ) }} as deviation_pct,
        peers.regions_reporting,
        ranked.rank_from_cheapest,
        ranked.region_extent,
        ranked.is_imputed,
        watermark.built_through_ingest_at
    from ranked
    inner join peers
        on
            ranked.source = peers.source
            and ranked.commodity_code = peers.commodity_code
            and ranked.market_level = peers.market_level
            and ranked.geo_level = peers.geo_level
            and ranked.period_grain = peers.period_grain
            and ranked.period_start = peers.period_start
    cross join watermark
)

select * from final
