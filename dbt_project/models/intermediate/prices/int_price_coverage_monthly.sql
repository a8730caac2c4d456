{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'commodity_code', 'month_start'],
    partition_by=spark_partitions(['month_start']),
    on_schema_change='fail'
  )
}}
{#- What each source dataset reported per region, commodity and month (a period counts toward the
    month of its middle day): observations, distinct periods, the first and last day covered.
    Months add up to the whole history, so mart_data_coverage sums these few rows instead of
    counting the price fact. Incremental: the (source, commodity, month) landings touched. -#}
with

observations as (
    select * from {{ ref('int_price_observations_unioned') }}
    where
        geo_level <> 'nasional'
        {% if is_incremental() %} and {{ touched_price_months_filter(this) }} {% endif %}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

monthly as (
    select
        source,
        source_dataset,
        period_grain,
        geo_level,
        region_code,
        commodity_code,
        cast(date_trunc('month', {{ period_middle_day('period_start', 'period_end') }}) as date)
            as month_start,
        count(*) as observations,
        count(distinct period_start) as observed_periods,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        max(ingested_at) as last_ingested_at
    from observations
    group by all
),

final as (
    select
        monthly.*,
        watermark.built_through_ingest_at
    from monthly
    cross join watermark
)

select * from final
