with

source as (
    select * from {{ source('raw_regions', 'road_distances') }}
),

renamed as (
    select
        -- ids (current region codes; the source's own codes kept beside them)
        cast(from_region_code as string) as origin_region_code,
        cast(to_region_code as string) as destination_region_code,
        cast(from_code as string) as source_origin_code,
        cast(to_code as string) as source_destination_code,
        cast(code_system as string) as source_code_system,
        -- measures
        cast(distance_km as double) as road_distance_km,
        cast(duration_minutes as double) as road_duration_minutes,
        -- attributes
        cast(basis as string) as road_distance_basis,
        cast(from_name as string) as source_origin_name,
        cast(to_name as string) as source_destination_name,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
