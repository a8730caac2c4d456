{#-
  One centroid per current region. The source (laravel-nusa, 2025-03) predates Papua Barat Daya:
  its regency rows for Sorong & co. carry pre-split codes (mapped here through the code history),
  it has no province 96, and its province 92 centroid still covers the Sorong regencies. A source
  province centroid is stale when the source files under it a regency that now belongs to another
  province; stale or missing province centroids are replaced by the boundary-file centroid, and
  the replacement is said in centroid_note.
-#}
with

regions as (
    select * from {{ ref('stg_regions__kemendagri_regions') }}
),

source_centroids as (
    select * from {{ ref('stg_regions__centroids') }}
),

code_history as (
    select * from {{ ref('stg_regions__code_history') }}
    where code_system = 'kemendagri'
),

boundary_centroids as (
    select * from {{ ref('stg_regions__boundary_centroids') }}
),

mapped as (
    select
        code_history.region_code,
        source_centroids.source_code,
        source_centroids.source_province_code,
        source_centroids.centroid_level,
        source_centroids.latitude,
        source_centroids.longitude
    from source_centroids
    inner join code_history
        on source_centroids.source_code = code_history.code
),

stale_provinces as (
    select distinct mapped.source_province_code as province_code
    from mapped
    inner join regions
        on mapped.region_code = regions.region_code
    where
        mapped.centroid_level = 'kabupaten_kota'
        and regions.province_code <> mapped.source_province_code
),

final as (
    select
        regions.region_code,
        case
            when mapped.region_code is not null and stale_provinces.province_code is null
                then mapped.latitude
            else boundary_centroids.latitude
        end as latitude,
        case
            when mapped.region_code is not null and stale_provinces.province_code is null
                then mapped.longitude
            else boundary_centroids.longitude
        end as longitude,
        case
            when mapped.region_code is not null and stale_provinces.province_code is null
                then 'laravel_nusa_polygon_centroid'
            when boundary_centroids.region_code is not null
                then 'province_boundary_geojson_centroid'
        end as centroid_source,
        case
            when stale_provinces.province_code is not null and boundary_centroids.region_code is not null
                then 'source centroid predates the 2022 Papua split; recomputed from the 38-province boundary'
            when mapped.region_code is null and boundary_centroids.region_code is not null
                then 'missing from the centroid source; computed from the 38-province boundary'
            when mapped.region_code is null
                then 'no centroid available'
            when mapped.source_code <> replace(regions.region_code, '.', '')
                then 'source codes this region with its pre-2022 code ' || mapped.source_code
        end as centroid_note
    from regions
    left join mapped
        on regions.region_code = mapped.region_code
    left join stale_provinces
        on
            regions.region_level = 'provinsi'
            and regions.region_code = stale_provinces.province_code
    left join boundary_centroids
        on
            regions.region_level = 'provinsi'
            and regions.region_code = boundary_centroids.region_code
)

select * from final
