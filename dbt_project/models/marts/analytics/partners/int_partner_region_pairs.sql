{{ config(schema='intermediate', materialized='table', contract={'enforced': false}) }}
{#-
  Every ordered pair of regions at the same level (kab/kota with kab/kota, province with province)
  with its distance: the road distance where a road table covers the pair (Jawa Timur's 38 x 38
  OSRM routes), else the great-circle distance between centroids; distance_basis says which, and
  the great-circle figure is kept beside the road one. Computed once here, not per commodity, so
  the partner marts join a 265k-row table instead of repeating trigonometry per commodity and year.
  same_island: same island group, and neither province archipelagic (Bangka Belitung, Kepulauan
  Riau, Nusa Tenggara Barat/Timur, Maluku, Maluku Utara): regions there are a sea crossing apart
  even inside one province. Jawa counts Madura as connected (Suramadu bridge).
-#}
with

islands as (
    select * from {{ ref('province_island_groups') }}
),

regions as (
    select
        dim.region_code,
        dim.province_code,
        dim.island_group,
        dim.latitude,
        dim.longitude,
        islands.is_archipelago,
        case when dim.region_level = 'provinsi' then 'provinsi' else 'kabupaten_kota' end
            as level_group
    from {{ ref('dim_region') }} as dim
    inner join islands on dim.province_code = islands.province_code
    where dim.latitude is not null and dim.longitude is not null
),

roads as (
    select * from {{ ref('stg_regions__road_distances') }}
),

great_circle as (
    select
        origin.level_group,
        origin.region_code as origin_region_code,
        destination.region_code as destination_region_code,
        {{ round_to(
            '2 * 6371.0088 * asin(sqrt('
            ~ 'pow(sin(radians(destination.latitude - origin.latitude) / 2), 2)'
            ~ ' + cos(radians(origin.latitude)) * cos(radians(destination.latitude))'
            ~ ' * pow(sin(radians(destination.longitude - origin.longitude) / 2), 2)'
            ~ '))',
            1
        ) }} as great_circle_km,
        origin.province_code = destination.province_code as same_province,
        origin.island_group = destination.island_group as same_island_group,
        origin.island_group = destination.island_group
        and not origin.is_archipelago
        and not destination.is_archipelago as same_island
    from regions as origin
    inner join regions as destination
        on
            origin.level_group = destination.level_group
            and origin.region_code <> destination.region_code
),

final as (
    select
        great_circle.level_group,
        great_circle.origin_region_code,
        great_circle.destination_region_code,
        coalesce(roads.road_distance_km, great_circle.great_circle_km) as distance_km,
        case when roads.road_distance_km is not null then 'road' else 'great_circle' end
            as distance_basis,
        great_circle.great_circle_km,
        {{ round_to('roads.road_duration_minutes', 1) }} as road_duration_minutes,
        great_circle.same_province,
        great_circle.same_island_group,
        great_circle.same_island
    from great_circle
    left join roads
        on
            great_circle.origin_region_code = roads.origin_region_code
            and great_circle.destination_region_code = roads.destination_region_code
)

select * from final
