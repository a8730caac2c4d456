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
    counting the price fact. Incremental: the (source, commodity, month) landings touched.
    Periods are counted from a per-period pre-aggregate, not with count(distinct) (its per-group
    sets did not spill at national-10y under a 2GB limit), one source at a time (see
    int_prices_regional). -#}
with

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

{% for price_source in price_sources() %}
    {{ price_source }}_periods as (
        select
            source,
            source_dataset,
            period_grain,
            geo_level,
            region_code,
            commodity_code,
            cast(date_trunc('month', {{ period_middle_day('period_start', 'period_end') }}) as date)
                as month_start,
            period_start,
            count(*) as observations,
            max(period_end) as last_period_end,
            max(ingested_at) as last_ingested_at
        from {{ ref('int_price_observations_unioned') }}
        where
            geo_level <> 'nasional' and source = '{{ price_source }}'
            {% if is_incremental() %} and {{ touched_price_months_filter(this) }} {% endif %}
        group by all
    ),

{% endfor %}
periods as (
    {% for price_source in price_sources() %}
        select * from {{ price_source }}_periods
        {% if not loop.last %} union all {% endif %}
    {% endfor %}
),

monthly as (
    select
        source,
        source_dataset,
        period_grain,
        geo_level,
        region_code,
        commodity_code,
        month_start,
        cast(sum(observations) as bigint) as observations,
        count(*) as observed_periods,
        min(period_start) as first_period_start,
        max(last_period_end) as last_period_end,
        max(last_ingested_at) as last_ingested_at
    from periods
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
