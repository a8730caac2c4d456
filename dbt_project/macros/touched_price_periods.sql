{#- The (source, commodity, grain, period) keys that landings touched since `relation` was last
    built (its built_through_ingest_at watermark): an incremental price mart recomputes only these. -#}
{% macro touched_price_periods(relation) %}
    select distinct source, commodity_code, period_grain, period_start
    from {{ ref('stg_prices__touched_periods') }}
    where ingested_at > (
        select coalesce(max(built_through_ingest_at), '1900-01-01') from {{ relation }}
    )
{% endmacro %}
