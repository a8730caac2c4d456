{#- The key of a price period, declared once (dbt_project.yml, var price_period_key): what a
    landing records in raw_prices.touched_periods and what an incremental price model deletes and
    recomputes (its unique_key). tests/unit/test_period_key.py ties the landing's copy to it. -#}
{% macro price_period_key() %}
    {{- return(var('price_period_key')) -}}
{% endmacro %}

{#- A predicate on a relation with the price period key's columns: the periods that landings
    touched since `relation` was last built (its built_through_ingest_at watermark). Besides the
    key match it bounds period_start with constants read before the model runs, so the scan of a
    period-ordered table reads only the row groups of those dates instead of the whole history. -#}
{% macro touched_price_periods_filter(relation) %}
    {%- set key = price_period_key() -%}
    {%- set touched -%}
        select distinct {{ key | join(', ') }}
        from {{ ref('stg_prices__touched_periods') }}
        where ingested_at > (
            select coalesce(max(built_through_ingest_at), '1900-01-01') from {{ relation }}
        )
    {%- endset -%}
    {%- set bounds = [none, none] -%}
    {%- if execute -%}
        {%- set row = run_query(
            "select cast(min(period_start) as varchar), cast(max(period_start) as varchar) from ("
            ~ touched ~ ")"
        ).rows[0] -%}
        {%- set bounds = [row[0], row[1]] -%}
    {%- endif -%}
    {%- if bounds[0] is none -%}
        false
    {%- else -%}
        period_start between date '{{ bounds[0] }}' and date '{{ bounds[1] }}'
        and ({{ key | join(', ') }}) in ({{ touched }})
    {%- endif -%}
{% endmacro %}
