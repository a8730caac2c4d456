{#- One price per source, region, commodity, market level and period: WFP reports several
    markets in one kab/kota, which are averaged here. National rows are left out. -#}
with

observations as (
    select * from {{ ref('int_price_observations_unioned') }}
    where geo_level <> 'nasional'
),

final as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        commodity_code,
        market_level,
        period_grain,
        period_start,
        period_end,
        unit,
        {{ round_to(exact_avg('price_idr_per_unit'), 2) }} as price_idr_per_unit,
        count(*) as markets_reporting,
        bool_or(is_imputed) as is_imputed
    from observations
    group by
        source, geo_level, region_code, region_extent, commodity_code, market_level,
        period_grain, period_start, period_end, unit
)

select * from final
