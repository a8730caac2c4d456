{#- The staging model of one price source. The three raw price tables share the price contract
    (sources/prices/schema.py), so their staging is written once. -#}
{% macro stg_price_observations(table_name) %}
with

source as (
    select * from {{ source('raw_prices', table_name) }}
),

renamed as (
    select
        -- ids
        cast(source as string) as source,
        cast(source_dataset as string) as source_dataset,
        cast(source_market as string) as source_market,
        cast(geo_level as string) as geo_level,
        cast(region_code as string) as region_code,
        cast(commodity_code as string) as commodity_code,
        cast(market_level as string) as market_level,
        -- periods
        cast(period_grain as string) as period_grain,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        -- measures
        cast(price_idr as double) as price_idr,
        cast(unit as string) as unit,
        -- flags
        cast(region_extent as string) as region_extent,
        cast(is_imputed as boolean) as is_imputed,
        -- as the source wrote it
        cast(source_region_name as string) as source_region_name,
        cast(source_commodity_name as string) as source_commodity_name,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row,
        cast(source_column as string) as source_column,
        cast(ingested_at as {{ type_timestamp_tz() }}) as ingested_at
    from source
)

select * from renamed
{% endmacro %}
