{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'period_grain', 'period_start'],
    on_schema_change='fail'
  )
}}
{#- The periods each source dataset published anything for (below the national level): the
    calendar coverage is measured against (PIHPS publishes working days only, so a weekend is not
    a gap). Incremental: the periods landings touched are looked at again. -#}
with

observations as (
    select * from {{ ref('int_price_observations_unioned') }}
    where
        geo_level <> 'nasional'
        {% if is_incremental() %}
            and {{ touched_price_periods_filter(this, ['source', 'period_grain', 'period_start']) }}
        {% endif %}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

final as (
    select distinct
        observations.source,
        observations.source_dataset,
        observations.period_grain,
        observations.period_start,
        watermark.built_through_ingest_at
    from observations
    cross join watermark
)

select * from final
