with

source as (
    select * from {{ source('raw_prices', 'touched_periods') }}
),

renamed as (
    select
        cast(source as varchar) as source,
        cast(commodity_code as varchar) as commodity_code,
        cast(period_grain as varchar) as period_grain,
        cast(period_start as date) as period_start,
        cast(ingested_at as timestamp with time zone) as ingested_at
    from source
)

select * from renamed
