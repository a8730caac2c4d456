{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- The population used for each region and year of the balance, and of every consumption
    year (a province's consumption is its kab/kota figures weighted by their population): the
    same year if any source has it (BPS and regional tables before the 2025 Dukcapil count),
    otherwise the nearest year, and the choice is said in population_basis. -#}
with

years as (
    select year from {{ ref('int_balance_production_converted') }}
    union
    select year from {{ ref('fct_consumption_per_capita') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

population as (
    select * from {{ ref('fct_population') }}
    where region_extent = 'current' and population_persons is not null
),

candidates as (
    select
        regions.region_code,
        years.year,
        population.year as population_year,
        population.source as population_source,
        population.population_persons,
        row_number() over (
            partition by regions.region_code, years.year
            order by
                abs(population.year - years.year) asc,
                (population.source = 'dukcapil') asc,
                population.year desc
        ) as preference
    from regions
    cross join years
    inner join population
        on regions.region_code = population.region_code
),

final as (
    select
        region_code,
        year,
        population_persons,
        population_year,
        population_source,
        case
            when population_year = year then 'same year (' || population_source || ')'
            else 'nearest year ' || population_year || ' (' || population_source || ')'
        end as population_basis
    from candidates
    where preference = 1
)

select * from final
