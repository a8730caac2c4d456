{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- The per-capita consumption used for each region, commodity and year of the balance, from the
    most local figure there is: the region's own (same or nearest year); for a province without
    one, its kab/kota figures weighted by their population, when the kab/kota reporting hold at
    least 90% of the province's kab/kota population (Susenas publishes eggs and chicken by
    kab/kota); for a regency, its province's figure; else the national figure. consumption_basis
    says which (and, for an aggregate, how many kab/kota and what share of the population), so
    an analyst sees how solid the need is. -#}
with

balance_years as (
    select distinct
        commodity_code,
        year
    from {{ ref('int_balance_production_converted') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

population as (
    select * from {{ ref('int_balance_population_chosen') }}
),

grid as (
    select distinct
        regions.region_code,
        regions.province_code,
        regions.region_level,
        balance_years.commodity_code,
        balance_years.year
    from regions
    cross join balance_years
),

-- consumption tables name the form people buy (Jagung = jagung pipilan kering); the balance
-- counts production in its edible form (jagung): a same-form conversion maps one onto the other
same_form as (
    select
        from_commodity_code,
        to_commodity_code
    from {{ ref('conversion_factors') }}
    where factor = 1.0 and from_commodity_code <> to_commodity_code
),

consumption as (
    select
        facts.region_code,
        facts.geo_level,
        coalesce(same_form.to_commodity_code, facts.commodity_code) as commodity_code,
        facts.year,
        facts.kg_per_capita_year,
        facts.source,
        facts.source_file
    from {{ ref('fct_consumption_per_capita') }} as facts
    left join same_form on facts.commodity_code = same_form.from_commodity_code
    where facts.kg_per_capita_year is not null
),

-- one kab/kota figure per region, commodity and year (two tables can repeat one Susenas figure)
regency_figures as (
    select
        consumption.region_code,
        regions.province_code,
        consumption.commodity_code,
        consumption.year,
        consumption.kg_per_capita_year,
        population.population_persons
    from consumption
    inner join regions
        on consumption.region_code = regions.region_code and regions.region_level <> 'provinsi'
    inner join population
        on consumption.region_code = population.region_code and consumption.year = population.year
    qualify row_number() over (
        partition by consumption.region_code, consumption.commodity_code, consumption.year
        order by consumption.source_file
    ) = 1
),

province_population as (
    select
        regions.province_code,
        population.year,
        {{ exact_sum('population.population_persons', 0) }} as population_persons,
        count(*) as regencies
    from regions
    inner join population on regions.region_code = population.region_code
    where regions.region_level <> 'provinsi'
    group by all
),

province_aggregates as (
    select
        figures.province_code as region_code,
        figures.commodity_code,
        figures.year,
        {{ exact_sum('figures.kg_per_capita_year * figures.population_persons') }}
        / {{ exact_sum('figures.population_persons', 0) }} as kg_per_capita_year,
        count(*) as regencies_reporting,
        {{ any_non_null('province_population.regencies') }} as regencies,
        {{ exact_sum('figures.population_persons', 0) }}
        / {{ any_non_null('province_population.population_persons') }} as population_share
    from regency_figures as figures
    inner join province_population
        on
            figures.province_code = province_population.province_code
            and figures.year = province_population.year
    group by all
    having
        {{ exact_sum('figures.population_persons', 0) }}
        >= 0.9 * {{ any_non_null('province_population.population_persons') }}
),

-- locality: 1 the region's own figure, 2 its kab/kota aggregated, 3 its province's, 4 national
figures as (
    select
        region_code,
        geo_level,
        commodity_code,
        year,
        kg_per_capita_year,
        source,
        null as aggregate_note
    from consumption
    union all
    select
        region_code,
        'kabupaten_kota aggregated' as geo_level,
        commodity_code,
        year,
        kg_per_capita_year,
        null as source,
        regencies_reporting || ' of ' || regencies || ' kab/kota, '
        || cast(round(100 * population_share) as integer) || '% of the population'
            as aggregate_note
    from province_aggregates
),

candidates as (
    select
        grid.region_code,
        grid.commodity_code,
        grid.year,
        figures.kg_per_capita_year,
        figures.year as consumption_year,
        figures.source,
        figures.aggregate_note,
        case
            when figures.geo_level = 'nasional' then 4
            when figures.geo_level = 'kabupaten_kota aggregated' then 2
            when figures.region_code = grid.region_code then 1
            else 3
        end as locality
    from grid
    inner join figures
        on
            grid.commodity_code = figures.commodity_code
            and (
                grid.region_code = figures.region_code
                or (
                    grid.region_level <> 'provinsi'
                    and grid.province_code = figures.region_code
                    and figures.geo_level = 'provinsi'
                )
                or figures.geo_level = 'nasional'
            )
    qualify row_number() over (
        partition by grid.region_code, grid.commodity_code, grid.year
        order by locality asc, abs(figures.year - grid.year) asc, figures.year desc
    ) = 1
),

final as (
    select
        region_code,
        commodity_code,
        year,
        kg_per_capita_year,
        consumption_year,
        case locality
            when 1 then 'regional figure'
            when 2 then 'kab/kota figures aggregated by population (' || aggregate_note || ')'
            when 3 then 'provincial figure applied to a regency'
            else 'national figure (' || source || ')'
        end
        || case when consumption_year <> year then ', nearest year ' || consumption_year else '' end
            as consumption_basis
    from candidates
)

select * from final
