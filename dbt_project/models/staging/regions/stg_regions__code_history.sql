with

source as (
    select * from {{ source('raw_regions', 'region_code_history') }}
),

renamed as (
    select
        -- ids
        cast(code as varchar) as code,
        cast(code_system as varchar) as code_system,
        cast(region_code as varchar) as region_code,
        -- attributes
        cast(code_vintage as varchar) as code_vintage,
        cast(mapping_kind as varchar) as mapping_kind,
        cast(is_exact as boolean) as is_exact,
        -- lineage
        cast(source_file as varchar) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
