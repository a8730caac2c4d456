with

source as (
    select * from {{ source('raw_regions', 'centroids') }}
),

renamed as (
    select
        -- ids (as the source codes them: undotted, pre-split for Papua Barat Daya)
        cast(source_code as string) as source_code,
        cast(source_province_code as string) as source_province_code,
        -- measures
        cast(latitude as double) as latitude,
        cast(longitude as double) as longitude,
        -- attributes
        cast(source_name as string) as source_name,
        cast(centroid_level as string) as centroid_level,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
