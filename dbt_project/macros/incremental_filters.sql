{#- The key of a price period, declared once (dbt_project.yml, var price_period_key): what a
    landing records in raw_prices.touched_periods and what an incremental price model deletes and
    recomputes (its unique_key). tests/unit/test_period_key.py ties the landing's copy to it. -#}
{% macro price_period_key() %}
    {{- return(var('price_period_key')) -}}
{% endmacro %}

{#- The rows of raw_prices.touched_periods that landings recorded after `relation` was last built
    (its built_through_ingest_at watermark: the latest ingested_at it has taken in), or after the
    time `since` (an ISO timestamp) when it is given. The one definition of "touched since", read
    by the three filters below. -#}
{% macro price_periods_touched_since(relation, since=none) %}
    {%- set after = "cast('" ~ since ~ "' as " ~ type_timestamp_tz() ~ ")" if since
        else "(select coalesce(max(built_through_ingest_at), '1900-01-01') from "
        ~ relation ~ ")" %}
    select *
    from {{ ref('stg_prices__touched_periods') }}
    where ingested_at > {{ after }}
{% endmacro %}

{#- When a refresh's tests need to look only at what landed after the last run that passed them
    all: its end (it landed and tested everything it landed before then), set by the refresh
    planner (orchestration/refresh.py) in SINERGI_CHECKS_SINCE. None in a whole run (and on
    Spark, which always runs whole): its tests look at everything. A test scoped by it holds for
    the whole table by induction, since the planner refreshes only after a successful run with
    the same code. -#}
{% macro checks_since() %}
    {{- return(env_var('SINERGI_CHECKS_SINCE', '') or none) -}}
{% endmacro %}

{#- A predicate on a relation with the price period key's columns: the periods that landings
    touched since `relation` was last built (or since `since`), on the key's columns or a subset
    of them (`key`, which must keep period_start). Besides the key match it bounds period_start with constants
    read before the model runs, so the scan of a period-ordered table reads only the row groups
    of those dates instead of the whole history. -#}
{% macro touched_price_periods_filter(relation, key=none, since=none) %}
    {%- set key = key or price_period_key() -%}
    {%- set touched -%}
        select distinct {{ key | join(', ') }}
        from ({{ price_periods_touched_since(relation, since) }}) as touched_since
    {%- endset -%}
    {%- set bounds = [none, none] -%}
    {%- if execute -%}
        {%- set row = run_query(
            "select cast(min(period_start) as string), cast(max(period_start) as string) from ("
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

{#- The value of a one-value query, read before the model runs, as a timestamp literal (or the
    start of time when there is none): a constant filter lets DuckDB skip row groups by their
    min/max, where a subquery would be evaluated against every row. -#}
{% macro watermark_literal(query) %}
    {%- set value = none -%}
    {%- if execute -%}
        {%- set value = run_query("select cast((" ~ query ~ ") as string)").rows[0][0] -%}
    {%- endif -%}
    cast('{{ value or "1900-01-01 00:00:00+00" }}' as {{ type_timestamp_tz() }})
{%- endmacro %}

{#- A predicate on a relation with source, commodity_code, period_start and period_end: the rows
    of the (source, commodity, month) that landings touched since `relation` was last built. A
    period belongs to the month of its middle day, so a touched period marks its own month and
    the next (a week (V) starts in the month before the one it counts toward); rows are bounded by
    constant dates first, so the scan reads only the row groups of those months. -#}
{% macro touched_price_months_filter(relation) %}
    {%- set touched -%}
        select distinct source, commodity_code, month_start
        from (
            select source, commodity_code, cast(date_trunc('month', period_start) as date)
                as month_start
            from ({{ price_periods_touched_since(relation) }}) as touched_since
            union all
            select source, commodity_code,
                cast(date_trunc('month', period_start + interval 7 day) as date)
            from ({{ price_periods_touched_since(relation) }}) as touched_since
        )
    {%- endset -%}
    {%- set bounds = [none, none] -%}
    {%- if execute -%}
        {%- set row = run_query(
            "select cast(cast(min(month_start) - interval 7 day as date) as string), "
            ~ "cast(cast(max(month_start) + interval 1 month as date) as string) from ("
            ~ touched ~ ")"
        ).rows[0] -%}
        {%- set bounds = [row[0], row[1]] -%}
    {%- endif -%}
    {%- if bounds[0] is none -%}
        false
    {%- else -%}
        period_start between date '{{ bounds[0] }}' and date '{{ bounds[1] }}'
        and (
            source, commodity_code,
            cast(date_trunc('month', {{ period_middle_day('period_start', 'period_end') }}) as date)
        ) in ({{ touched }})
    {%- endif -%}
{% endmacro %}

{#- A predicate on a relation with source and commodity_code: the price series (every region and
    month of a source's commodity) that landings touched since `relation` was last built. The
    anomaly indicators are fitted on a whole series (ALPS regresses every month of it), so a
    touched month recomputes its series, not just itself. -#}
{% macro touched_price_series_filter(relation) %}
    (source, commodity_code) in (
        select distinct source, commodity_code
        from ({{ price_periods_touched_since(relation) }}) as touched_since
    )
{% endmacro %}
