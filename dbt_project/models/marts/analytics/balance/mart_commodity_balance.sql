{#-
  Neraca komoditas: per region, commodity and year, production in edible form against need.
  need = population x per-capita consumption; surplus = production_edible - need (positive
  surplus, negative deficit); self-sufficiency ratio = production_edible / need. Every region and
  every year with production data for the commodity somewhere has a row; a region without
  production data gets no zero but balance_status 'no production data'. Each input says where it
  came from (production_basis, population_basis, consumption_basis). Seed, feed and losses are not
  deducted: no citable non-food shares were found (see the README).
-#}
with

regions as (
    select * from {{ ref('dim_region') }}
),

years as (
    select distinct
        commodity_code,
        year
    from {{ ref('int_balance_production_converted') }}
),

production as (
    select * from {{ ref('int_balance_production_converted') }}
),

population as (
    select * from {{ ref('int_balance_population_chosen') }}
),

consumption as (
    select * from {{ ref('int_balance_consumption_chosen') }}
),

grid as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_level,
        regions.province_code,
        years.commodity_code,
        years.year
    from regions
    cross join years
),

joined as (
    select
        grid.*,
        production.production_reported_ton,
        production.produced_as_commodity_code,
        production.conversion_factor,
        production.production_edible_ton,
        production.production_basis,
        population.population_persons,
        population.population_year,
        population.population_basis,
        consumption.kg_per_capita_year as consumption_kg_per_capita_year,
        consumption.consumption_basis,
        population.population_persons * consumption.kg_per_capita_year / 1000 as need_ton
    from grid
    left join production
        on
            grid.region_code = production.region_code
            and grid.commodity_code = production.commodity_code
            and grid.year = production.year
    left join population
        on grid.region_code = population.region_code and grid.year = population.year
    left join consumption
        on
            grid.region_code = consumption.region_code
            and grid.commodity_code = consumption.commodity_code
            and grid.year = consumption.year
),

final as (
    select
        region_code,
        region_name,
        region_level,
        province_code,
        commodity_code,
        year,
        production_reported_ton,
        produced_as_commodity_code,
        conversion_factor,
        round(production_edible_ton, 3) as production_edible_ton,
        production_basis,
        population_persons,
        population_year,
        population_basis,
        consumption_kg_per_capita_year,
        consumption_basis,
        round(need_ton, 3) as need_ton,
        round(production_edible_ton - need_ton, 3) as surplus_ton,
        round(production_edible_ton / nullif(need_ton, 0), 4) as self_sufficiency_ratio,
        case
            when production_edible_ton is null then 'no production data'
            when need_ton is null then 'no consumption figure'
            when production_edible_ton >= need_ton then 'surplus'
            else 'deficit'
        end as balance_status,
        case
            when production_edible_ton is null or need_ton is null then 'no data'
            when
                consumption_basis = 'regional figure' and population_year = year
                then 'regional, same year'
            else 'estimated'
        end as quality_flag
    from joined
)

select * from final
