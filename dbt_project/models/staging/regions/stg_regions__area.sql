with

source as (
    select * from {{ source('raw_regions', 'area') }}
),

renamed as (
    select
        -- ids
        cast(region_code as string) as region_code,
        cast(region_code_raw as string) as source_region_code_raw,
        -- measures
        cast(area_km2 as double) as area_km2,
        -- attributes
        cast(region_name as string) as source_region_name,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
