{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'commodity_code', 'period_grain', 'period_start'],
    on_schema_change='fail'
  )
}}
{#-
  Disparitas harga: how far regions' prices drift apart, per source, commodity, market level,
  geo level and period. CV = sd(P_r) / mean(P_r) x 100 (sample sd), D_r = (P_r - mean) / mean x 100
  (Kemendag). Incremental: only the periods that landings touched since the last build are
  recomputed.
-#}
with

regional as (
    select * from {{ ref('int_prices_regional') }}
    {% if is_incremental() %}
        where (source, commodity_code, period_grain, period_start) in (
            {{ touched_price_periods(this) }}
        )
    {% endif %}
),

regions as (
    select * from {{ ref('dim_region') }}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

stats as (
    select
        source,
        commodity_code,
        market_level,
        geo_level,
        period_grain,
        period_start,
        any_value(period_end) as period_end,
        any_value(unit) as unit,
        count(*) as regions_reporting,
        round({{ exact_avg('price_idr_per_unit') }}, 2) as mean_price_idr_per_unit,
        round({{ exact_stddev_samp('price_idr_per_unit') }}, 2) as sd_price_idr_per_unit,
        min(price_idr_per_unit) as min_price_idr_per_unit,
        max(price_idr_per_unit) as max_price_idr_per_unit,
        -- ties go to the lowest region code, so rebuilds agree
        first(region_code order by price_idr_per_unit asc, region_code asc) as cheapest_region_code,
        first(region_code order by price_idr_per_unit desc, region_code asc) as dearest_region_code,
        bool_or(region_extent = 'pre_2022_province') as includes_pre_split_provinces,
        bool_or(is_imputed) as includes_imputed_values
    from regional
    group by source, commodity_code, market_level, geo_level, period_grain, period_start
),

deviations as (
    select
        regional.source,
        regional.commodity_code,
        regional.market_level,
        regional.geo_level,
        regional.period_grain,
        regional.period_start,
        list(
            {
                'region_code': regional.region_code,
                'price_idr_per_unit': regional.price_idr_per_unit,
                'deviation_pct': round(
                    (regional.price_idr_per_unit - stats.mean_price_idr_per_unit)
                    / stats.mean_price_idr_per_unit * 100, 2
                )
            }
            order by regional.price_idr_per_unit, regional.region_code
        ) as region_deviations
    from regional
    inner join stats
        on
            regional.source = stats.source
            and regional.commodity_code = stats.commodity_code
            and regional.market_level = stats.market_level
            and regional.geo_level = stats.geo_level
            and regional.period_grain = stats.period_grain
            and regional.period_start = stats.period_start
    group by all
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
        round(stats.sd_price_idr_per_unit / stats.mean_price_idr_per_unit * 100, 4) as cv_pct,
        stats.min_price_idr_per_unit,
        stats.max_price_idr_per_unit,
        round(stats.max_price_idr_per_unit / stats.min_price_idr_per_unit, 4) as max_min_ratio,
        stats.cheapest_region_code,
        cheapest.region_name as cheapest_region_name,
        stats.dearest_region_code,
        dearest.region_name as dearest_region_name,
        deviations.region_deviations,
        stats.includes_pre_split_provinces,
        stats.includes_imputed_values,
        watermark.built_through_ingest_at
    from stats
    inner join deviations
        on
            stats.source = deviations.source
            and stats.commodity_code = deviations.commodity_code
            and stats.market_level = deviations.market_level
            and stats.geo_level = deviations.geo_level
            and stats.period_grain = deviations.period_grain
            and stats.period_start = deviations.period_start
    left join regions as cheapest
        on stats.cheapest_region_code = cheapest.region_code
    left join regions as dearest
        on stats.dearest_region_code = dearest.region_code
    cross join watermark
)

select * from final
