with

source as (
    select * from {{ source('raw_bps', 'statistics') }}
),

renamed as (
    select
        -- ids
        cast(source as varchar) as source,
        cast(source_dataset as varchar) as source_dataset,
        cast(geo_level as varchar) as geo_level,
        cast(region_code as varchar) as region_code,
        cast(measure as varchar) as measure,
        cast(commodity_code as varchar) as commodity_code,
        -- periods
        cast(period_grain as varchar) as period_grain,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(year(period_start) as integer) as year,
        -- measures
        cast(value as double) as value,
        cast(unit as varchar) as unit,
        cast(base_year as integer) as base_year,
        cast(source_value as double) as source_value,
        cast(source_unit as varchar) as source_unit,
        cast(unit_factor as double) as unit_factor,
        -- flags
        cast(region_extent as varchar) as region_extent,
        cast(quality_flag as varchar) as quality_flag,
        -- as the source wrote it
        cast(source_region_name as varchar) as source_region_name,
        cast(source_region_code as varchar) as source_region_code,
        cast(source_commodity_name as varchar) as source_commodity_name,
        -- lineage
        cast(source_file as varchar) as source_file,
        cast(source_row as integer) as source_row,
        cast(source_column as varchar) as source_column,
        cast(ingested_at as timestamp with time zone) as ingested_at
    from source
)

select * from renamed
