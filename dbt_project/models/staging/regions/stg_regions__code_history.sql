with

source as (
    select * from {{ source('raw_regions', 'region_code_history') }}
),

renamed as (
    select
        -- ids
        cast(code as string) as code,
        cast(code_system as string) as code_system,
        cast(region_code as string) as region_code,
        -- attributes
        cast(code_vintage as string) as code_vintage,
        cast(mapping_kind as string) as mapping_kind,
        cast(is_exact as boolean) as is_exact,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
