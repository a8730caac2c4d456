{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- Production in the edible form consumption is counted in, per region, commodity and year:
    paddy (GKG) x 0.6274 -> beras, identity for crops produced and eaten in the same form
    (seed conversion_factors). Where a table publishes rice itself, that figure is used rather
    than converting the same harvest's paddy again. Provinces reported in their pre-2022 extent
    are left out: their production would be counted again by the new provinces. -#}
with

production as (
    select * from {{ ref('fct_production') }}
    where
        production_ton is not null
        and region_extent = 'current'
        and geo_level <> 'nasional'
),

factors as (
    select * from {{ ref('conversion_factors') }}
),

converted as (
    select
        production.region_code,
        production.geo_level,
        production.year,
        factors.to_commodity_code as commodity_code,
        production.commodity_code as produced_as_commodity_code,
        production.production_ton as production_reported_ton,
        factors.factor as conversion_factor,
        production.production_ton * factors.factor as production_edible_ton,
        case
            when factors.factor = 1 then 'reported in edible form'
            else 'converted: ' || factors.basis || ' x ' || factors.factor
        end as production_basis,
        production.source_file,
        -- a published edible figure wins over a converted one
        row_number() over (
            partition by production.region_code, production.year, factors.to_commodity_code
            order by
                (production.commodity_code = factors.to_commodity_code) desc,
                production.source_file asc
        ) as preference
    from production
    inner join factors
        on production.commodity_code = factors.from_commodity_code
),

final as (
    select
        region_code,
        geo_level,
        year,
        commodity_code,
        produced_as_commodity_code,
        production_reported_ton,
        conversion_factor,
        production_edible_ton,
        production_basis,
        source_file
    from converted
    where preference = 1
)

select * from final
