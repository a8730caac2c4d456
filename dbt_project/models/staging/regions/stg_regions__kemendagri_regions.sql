with

source as (
    select * from {{ source('raw_regions', 'kemendagri_regions') }}
),

renamed as (
    select
        -- ids
        cast(region_code as string) as region_code,
        cast(province_code as string) as province_code,
        -- attributes
        cast(region_name as string) as region_name,
        cast(region_level as string) as region_level,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
