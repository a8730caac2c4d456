with

source as (
    select * from {{ source('raw_prices', 'touched_periods') }}
),

renamed as (
    select
        cast(source as string) as source,
        cast(commodity_code as string) as commodity_code,
        cast(period_grain as string) as period_grain,
        cast(period_start as date) as period_start,
        cast(ingested_at as {{ type_timestamp_tz() }}) as ingested_at
    from source
)

select * from renamed
