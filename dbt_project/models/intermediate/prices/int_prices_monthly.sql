{{ config(materialized='table') }}
{#- Monthly price series per source, region, commodity and market level, from the finest grain
    the source has for that month (a PIHPS city with both a daily and a monthly export is read from
    the daily one): the input of the anomaly indicators. -#}
with

regional as (
    select * from {{ ref('int_prices_regional') }}
),

ranked as (
    select
        *,
        cast(date_trunc('month', period_start) as date) as month_start,
        case period_grain when 'day' then 1 when 'week' then 2 else 3 end as grain_rank
    from regional
),

finest as (
    select *
    from ranked
    qualify grain_rank = min(grain_rank) over (
        partition by source, geo_level, region_code, commodity_code, market_level, month_start
    )
),

final as (
    select
        source,
        geo_level,
        region_code,
        any_value(region_extent) as region_extent,
        commodity_code,
        market_level,
        month_start,
        any_value(period_grain) as from_grain,
        round({{ exact_avg('price_idr_per_unit') }}, 2) as price_idr_per_unit,
        count(*) as observations,
        bool_or(is_imputed) as is_imputed
    from finest
    group by source, geo_level, region_code, commodity_code, market_level, month_start
)

select * from final
