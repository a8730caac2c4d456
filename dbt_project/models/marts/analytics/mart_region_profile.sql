{#- Profil daerah: one row per province and kab/kota with its latest population, GRDP per capita,
    latest year-on-year inflation (its own, or its province's for a kab/kota without a CPI
    series, said in inflation_scope) and its largest surplus and deficit in the latest balance
    year. Agreements are added when the agreement register lands. -#}
with

regions as (
    select * from {{ ref('dim_region') }}
),

population as (
    select *
    from {{ ref('fct_population') }}
    where region_extent = 'current'
    qualify row_number() over (
        partition by region_code order by year desc, (source = 'dukcapil') asc
    ) = 1
),

grdp as (
    select *
    from {{ ref('fct_grdp') }}
    qualify row_number() over (partition by region_code order by year desc) = 1
),

inflation as (
    select *
    from {{ ref('fct_inflation') }}
    where measure = 'yoy' and period_grain = 'month' and region_extent = 'current'
    qualify row_number() over (partition by region_code order by period_start desc) = 1
),

balance as (
    select *
    from {{ ref('mart_commodity_balance') }}
    where balance_status in ('surplus', 'deficit')
    qualify year = max(year) over (partition by region_code)
),

extremes as (
    select
        region_code,
        max(year) as balance_year,
        first(commodity_code order by surplus_ton desc) filter (where surplus_ton > 0)
            as largest_surplus_commodity_code,
        max(surplus_ton) filter (where surplus_ton > 0) as largest_surplus_ton,
        first(commodity_code order by surplus_ton asc) filter (where surplus_ton < 0)
            as largest_deficit_commodity_code,
        min(surplus_ton) filter (where surplus_ton < 0) as largest_deficit_ton
    from balance
    group by region_code
),

final as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_level,
        regions.province_code,
        regions.province_name,
        regions.island_group,
        population.population_persons,
        population.year as population_year,
        population.source as population_source,
        grdp.grdp_per_capita_constant_idr,
        grdp.grdp_per_capita_current_idr,
        grdp.year as grdp_year,
        coalesce(own_inflation.inflation_pct, province_inflation.inflation_pct)
            as inflation_yoy_pct,
        coalesce(own_inflation.period_start, province_inflation.period_start) as inflation_month,
        case
            when own_inflation.region_code is not null then 'own'
            when province_inflation.region_code is not null then 'province'
        end as inflation_scope,
        extremes.balance_year,
        extremes.largest_surplus_commodity_code,
        extremes.largest_surplus_ton,
        extremes.largest_deficit_commodity_code,
        extremes.largest_deficit_ton
    from regions
    left join population
        on regions.region_code = population.region_code
    left join grdp
        on regions.region_code = grdp.region_code
    left join inflation as own_inflation
        on regions.region_code = own_inflation.region_code
    left join inflation as province_inflation
        on regions.province_code = province_inflation.region_code
    left join extremes
        on regions.region_code = extremes.region_code
)

select * from final
