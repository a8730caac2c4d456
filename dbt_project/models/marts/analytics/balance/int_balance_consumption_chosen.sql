{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- The per-capita consumption used for each region, commodity and year of the balance, from the
    most local figure there is: the region's own (same or nearest year), else its province's
    figure applied to a regency, else the national Susenas figure; consumption_basis says which,
    so an analyst sees how solid the need is. -#}
with

balance_years as (
    select distinct
        commodity_code,
        year
    from {{ ref('int_balance_production_converted') }}
),

grid as (
    select distinct
        regions.region_code,
        regions.province_code,
        regions.region_level,
        balance_years.commodity_code,
        balance_years.year
    from {{ ref('dim_region') }} as regions
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
        facts.* replace (
            coalesce(same_form.to_commodity_code, facts.commodity_code) as commodity_code
        )
    from {{ ref('fct_consumption_per_capita') }} as facts
    left join same_form on facts.commodity_code = same_form.from_commodity_code
    where facts.kg_per_capita_year is not null
),

candidates as (
    select
        grid.region_code,
        grid.commodity_code,
        grid.year,
        consumption.kg_per_capita_year,
        consumption.year as consumption_year,
        case
            when consumption.geo_level = 'nasional' then 3
            when consumption.region_code = grid.region_code then 1
            else 2
        end as locality,
        consumption.source,
        row_number() over (
            partition by grid.region_code, grid.commodity_code, grid.year
            order by
                case
                    when consumption.geo_level = 'nasional' then 3
                    when consumption.region_code = grid.region_code then 1
                    else 2
                end asc,
                abs(consumption.year - grid.year) asc,
                consumption.year desc
        ) as preference
    from grid
    inner join consumption
        on
            grid.commodity_code = consumption.commodity_code
            and (
                grid.region_code = consumption.region_code
                or (grid.region_level <> 'provinsi' and grid.province_code = consumption.region_code)
                or consumption.geo_level = 'nasional'
            )
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
            when 2 then 'provincial figure applied to a regency'
            else 'national figure (' || source || ')'
        end
        || case when consumption_year <> year then ', nearest year ' || consumption_year else '' end
            as consumption_basis
    from candidates
    where preference = 1
)

select * from final
