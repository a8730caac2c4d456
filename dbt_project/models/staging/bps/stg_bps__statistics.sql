with

source as (
    select * from {{ source('raw_bps', 'statistics') }}
),

renamed as (
    select
        -- ids
        cast(source as string) as source,
        cast(source_dataset as string) as source_dataset,
        cast(geo_level as string) as geo_level,
        cast(region_code as string) as region_code,
        cast(measure as string) as measure,
        cast(commodity_code as string) as commodity_code,
        -- periods
        cast(period_grain as string) as period_grain,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(year(period_start) as integer) as year,
        -- measures
        cast(value as double) as value,
        cast(unit as string) as unit,
        cast(base_year as integer) as base_year,
        cast(source_value as double) as source_value,
        cast(source_unit as string) as source_unit,
        cast(unit_factor as double) as unit_factor,
        -- flags
        cast(region_extent as string) as region_extent,
        cast(quality_flag as string) as quality_flag,
        -- as the source wrote it
        cast(source_region_name as string) as source_region_name,
        cast(source_region_code as string) as source_region_code,
        cast(source_commodity_name as string) as source_commodity_name,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row,
        cast(source_column as string) as source_column,
        cast(ingested_at as {{ type_timestamp_tz() }}) as ingested_at
    from source
)

select * from renamed
