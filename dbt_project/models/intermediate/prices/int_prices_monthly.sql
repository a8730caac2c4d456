{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'commodity_code', 'month_start'],
    partition_by=spark_partitions(['month_start']),
    on_schema_change='fail'
  )
}}
{#- Monthly price series per source, region, commodity and market level, from the finest grain
    the source has for that month (a PIHPS city with both a daily and a monthly export is read from
    the daily one): the input of the anomaly indicators. A period counts toward the month its
    middle day falls in: a PIHPS week (V) spans two months and is the later month's for most of
    its days. Observations are aggregated per grain first and the finest grain chosen among those
    few rows, so the choice never holds the whole price fact in a window (at national scale: ~50M
    rows). Incremental: only the (source, commodity, month) that landings touched are recomputed. -#}
with

regional as (
    select * from {{ ref('int_prices_regional') }}
    {% if is_incremental() %}
        where {{ touched_price_months_filter(this) }}
    {% endif %}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

by_grain as (
    select
        source,
        geo_level,
        region_code,
        {{ any_non_null('region_extent') }} as region_extent,
        commodity_code,
        market_level,
        cast(date_trunc('month', {{ period_middle_day('period_start', 'period_end') }}) as date)
            as month_start,
        period_grain,
        case period_grain when 'day' then 1 when 'week' then 2 else 3 end as grain_rank,
        {{ round_to(exact_avg('price_idr_per_unit'), 2) }} as price_idr_per_unit,
        count(*) as observations,
        bool_or(is_imputed) as is_imputed
    from regional
    group by
        source, geo_level, region_code, commodity_code, market_level,
        cast(date_trunc('month', {{ period_middle_day('period_start', 'period_end') }}) as date),
        period_grain
),

final as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        commodity_code,
        market_level,
        month_start,
        period_grain as from_grain,
        price_idr_per_unit,
        observations,
        is_imputed,
        (select watermark.built_through_ingest_at from watermark) as built_through_ingest_at
    from by_grain
    qualify grain_rank = min(grain_rank) over (
        partition by source, geo_level, region_code, commodity_code, market_level, month_start
    )
)

select * from final
