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
        cast(source as varchar) as source,
        cast(source_dataset as varchar) as source_dataset,
        cast(source_market as varchar) as source_market,
        cast(geo_level as varchar) as geo_level,
        cast(region_code as varchar) as region_code,
        cast(commodity_code as varchar) as commodity_code,
        cast(market_level as varchar) as market_level,
        -- periods
        cast(period_grain as varchar) as period_grain,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        -- measures
        cast(price_idr as double) as price_idr,
        cast(unit as varchar) as unit,
        -- flags
        cast(region_extent as varchar) as region_extent,
        cast(is_imputed as boolean) as is_imputed,
        -- as the source wrote it
        cast(source_region_name as varchar) as source_region_name,
        cast(source_commodity_name as varchar) as source_commodity_name,
        -- lineage
        cast(source_file as varchar) as source_file,
        cast(source_row as integer) as source_row,
        cast(source_column as varchar) as source_column,
        cast(ingested_at as timestamp with time zone) as ingested_at
    from source
)

select * from renamed
{% endmacro %}
