{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'commodity_code', 'period_grain', 'period_start'],
    on_schema_change='fail'
  )
}}
{#- Each region's price against the mean of the regions reporting the same source, commodity,
    market level, geo level and period: D_r = (P_r - mean) / mean x 100, with its rank from the
    cheapest. The flat companion of mart_price_disparity.region_deviations, for BI tools. -#}
with

regional as (
    select * from {{ ref('int_prices_regional') }}
    {% if is_incremental() %}
        where (source, commodity_code, period_grain, period_start) in (
            {{ touched_price_periods(this) }}
        )
    {% endif %}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

with_mean as (
    select
        *,
        round({{ exact_window_avg('price_idr_per_unit', 'peers') }}, 2) as mean_price_idr_per_unit,
        count(*) over peers as regions_reporting,
        rank() over (peers order by price_idr_per_unit) as rank_from_cheapest
    from regional
    window peers as (
        partition by source, commodity_code, market_level, geo_level, period_grain, period_start
    )
),

final as (
    select
        with_mean.source,
        with_mean.commodity_code,
        with_mean.market_level,
        with_mean.geo_level,
        with_mean.region_code,
        with_mean.period_grain,
        with_mean.period_start,
        with_mean.period_end,
        with_mean.unit,
        with_mean.price_idr_per_unit,
        with_mean.mean_price_idr_per_unit,
        round(
            (with_mean.price_idr_per_unit - with_mean.mean_price_idr_per_unit)
            / with_mean.mean_price_idr_per_unit * 100,
            4
        ) as deviation_pct,
        with_mean.regions_reporting,
        with_mean.rank_from_cheapest,
        with_mean.region_extent,
        with_mean.is_imputed,
        watermark.built_through_ingest_at
    from with_mean
    cross join watermark
)

select * from final
