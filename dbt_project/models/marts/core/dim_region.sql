with

regions as (
    select * from {{ ref('stg_regions__kemendagri_regions') }}
),

island_groups as (
    select * from {{ ref('province_island_groups') }}
),

bps_codes as (
    select * from {{ ref('stg_regions__code_history') }}
    where code_system = 'bps'
),

centroids as (
    select * from {{ ref('int_region_centroids_resolved') }}
),

population as (
    select * from {{ ref('stg_regions__population') }}
),

area as (
    select * from {{ ref('stg_regions__area') }}
),

provinces as (
    select
        region_code as province_code,
        region_name as province_name
    from regions
    where region_level = 'provinsi'
),

final as (
    select
        regions.region_code,
        bps_codes.code as bps_code,
        case when bps_codes.code is not null then bps_codes.code_vintage end as bps_code_vintage,
        case
            when bps_codes.code is null
                then 'no BPS code in the 2020 bridge: the province was created in 2022'
            when not bps_codes.is_exact
                then 'BPS 2020 code of the province before the 2022 Papua split'
            when island_groups.island_group = 'Papua' and regions.region_level <> 'provinsi'
                then 'BPS 2020 code, from before the 2022 Papua split'
        end as bps_code_note,
        regions.region_name,
        regions.region_level,
        case regions.region_level
            when 'provinsi' then 'province'
            when 'kabupaten' then 'regency'
            when 'kota' then 'city'
        end as region_level_en,
        regions.province_code,
        provinces.province_name,
        island_groups.island_group,
        island_groups.island_group_en,
        centroids.latitude,
        centroids.longitude,
        centroids.centroid_source,
        centroids.centroid_note,
        area.area_km2,
        population.population_total as population,
        cast(2025 as integer) as population_year,
        'Dukcapil (Kepmendagri 300.2.2-2138/2025)' as population_source
    from regions
    left join provinces
        on regions.province_code = provinces.province_code
    left join island_groups
        on regions.province_code = island_groups.province_code
    left join bps_codes
        on regions.region_code = bps_codes.region_code
    left join centroids
        on regions.region_code = centroids.region_code
    left join population
        on regions.region_code = population.region_code
    left join area
        on regions.region_code = area.region_code
)

select * from final
