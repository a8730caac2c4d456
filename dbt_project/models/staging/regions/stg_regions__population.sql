with

source as (
    select * from {{ source('raw_regions', 'population') }}
),

renamed as (
    select
        -- ids
        cast(region_code as string) as region_code,
        -- measures
        cast(population_male as bigint) as population_male,
        cast(population_female as bigint) as population_female,
        cast(population_total as bigint) as population_total,
        -- attributes
        cast(region_name as string) as source_region_name,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
    where region_code <> '0'  -- the national total is not a region
)

select * from renamed
