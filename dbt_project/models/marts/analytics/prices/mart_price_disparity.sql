{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=price_period_key(),
    partition_by=spark_partitions(['source']),
    on_schema_change='fail',
    meta={'publish_watermark': 'built_through_ingest_at'}
  )
}}
{#-
  Disparitas harga: how far regions' prices drift apart, per source, commodity, market level,
  geo level and period. CV = sd(P_r) / mean(P_r) x 100 (sample sd). Each region's deviation
  D_r is computed once, in mart_price_regional_deviation, and read here for the cheapest and the
  dearest region. Plain aggregates only (arg_min / arg_max for the extreme regions, ties to the
  lowest region code), so the build spills to disk instead of holding every region of every day
  in memory. Incremental: only the periods that landings touched since the last build.
-#}
-- depends_on: {{ ref('stg_prices__touched_periods') }} (read by touched_price_periods_filter)
with

deviations as (
    select * from {{ ref('mart_price_regional_deviation') }}
    {% if is_incremental() %}
        where {{ touched_price_periods_filter(this) }}
    {% endif %}
),

regions as (
    select * from {{ ref('dim_region') }}
),

stats as (
    select
        source,
        commodity_code,
        market_level,
        geo_level,
        period_grain,
        period_start,
        max(period_end) as period_end,
        max(unit) as unit,
        count(*) as regions_reporting,
        max(mean_price_idr_per_unit) as mean_price_idr_per_unit,
        {{ round_to(exact_stddev_samp('price_idr_per_unit'), 2) }} as sd_price_idr_per_unit,
        min(price_idr_per_unit) as min_price_idr_per_unit,
        max(price_idr_per_unit) as max_price_idr_per_unit,
        {{ arg_min_of('region_code', ['price_idr_per_unit', 'region_code']) }} as cheapest_region_code,
        min(deviation_pct) as cheapest_deviation_pct,
        {{ arg_min_of('region_code', ['-price_idr_per_unit', 'region_code']) }} as dearest_region_code,
        max(deviation_pct) as dearest_deviation_pct,
        bool_or(region_extent = 'pre_2022_province') as includes_pre_split_provinces,
        bool_or(is_imputed) as includes_imputed_values,
        max(built_through_ingest_at) as built_through_ingest_at
    from deviations
    group by source, commodity_code, market_level, geo_level, period_grain, period_start
),

final as (
    select
        stats.source,
        stats.commodity_code,
        stats.market_level,
        stats.geo_level,
        stats.period_grain,
        stats.period_start,
        stats.period_end,
        stats.unit,
        stats.regions_reporting,
        stats.mean_price_idr_per_unit,
        stats.sd_price_idr_per_unit,
        {{ round_to('stats.sd_price_idr_per_unit / stats.mean_price_idr_per_unit * 100', 4) }} as cv_pct,
        stats.min_price_idr_per_unit,
        stats.max_price_idr_per_unit,
        {{ round_to('stats.max_price_idr_per_unit / stats.min_price_idr_per_unit', 4) }} as max_min_ratio,
        stats.cheapest_region_code,
        cheapest.region_name as cheapest_region_name,
        stats.cheapest_deviation_pct,
        stats.dearest_region_code,
        dearest.region_name as dearest_region_name,
        stats.dearest_deviation_pct,
        stats.includes_pre_split_provinces,
        stats.includes_imputed_values,
        stats.built_through_ingest_at
    from stats
    left join regions as cheapest
        on stats.cheapest_region_code = cheapest.region_code
    left join regions as dearest
        on stats.dearest_region_code = dearest.region_code
)

select * from final
