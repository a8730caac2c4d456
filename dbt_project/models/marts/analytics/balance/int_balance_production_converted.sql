{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- Production in the edible form consumption is counted in, per region, commodity and year:
    paddy (GKG) x 0.6274 -> beras, identity for crops produced and eaten in the same form
    (seed conversion_factors). Where a table publishes rice itself, that figure is used rather
    than converting the same harvest's paddy again. Provinces reported in their pre-2022 extent
    are left out: their production would be counted again by the new provinces.
    A file's kab/kota figures for a province, commodity and year are not measurements, and are
    left out, when they are all zero (Lampung's corn 2018-2023 in produksi_pangan.csv, where BPS
    has about 1 Mt a year) or when their sum is more than 5% off the province's own figure for
    that year (Jawa Timur's and Lampung's paddy match to the tonne, Aceh's 2023 to 0.8%). -#}
with

regions as (
    select
        region_code,
        province_code
    from {{ ref('dim_region') }}
),

reported as (
    select * from {{ ref('fct_production') }}
    where
        production_ton is not null
        and region_extent = 'current'
        and geo_level <> 'nasional'
),

province_figures as (
    select
        region_code as province_code,
        commodity_code,
        year,
        max(production_ton) as production_ton
    from reported
    where geo_level = 'provinsi'
    group by all
),

regency_totals as (
    select
        regions.province_code,
        reported.commodity_code,
        reported.year,
        reported.source_file,
        {{ exact_sum('reported.production_ton', 2) }} as production_ton,
        count(*) as regencies
    from reported
    inner join regions on reported.region_code = regions.region_code
    where reported.geo_level = 'kabupaten_kota'
    group by all
),

regency_totals_rejected as (
    select regency_totals.*
    from regency_totals
    left join province_figures
        on
            regency_totals.province_code = province_figures.province_code
            and regency_totals.commodity_code = province_figures.commodity_code
            and regency_totals.year = province_figures.year
    where
        (regency_totals.production_ton = 0 and regency_totals.regencies > 1)
        or abs(regency_totals.production_ton - province_figures.production_ton)
        > 0.05 * province_figures.production_ton
),

production as (
    select reported.*
    from reported
    left join regions on reported.region_code = regions.region_code
    anti join regency_totals_rejected as rejected
        on
            reported.geo_level = 'kabupaten_kota'
            and regions.province_code = rejected.province_code
            and reported.commodity_code = rejected.commodity_code
            and reported.year = rejected.year
            and reported.source_file = rejected.source_file
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
