{#- The middle day of a period: the month a period counts toward is the one most of its days
    fall in (a PIHPS week (V) spans two months). -#}
{% macro period_middle_day(start_column, end_column) -%}
    {{ return(adapter.dispatch('period_middle_day')(start_column, end_column)) }}
{%- endmacro %}

{% macro default__period_middle_day(start_column, end_column) -%}
    ({{ start_column }} + cast(date_diff('day', {{ start_column }}, {{ end_column }}) // 2 as integer))
{%- endmacro %}

{% macro spark__period_middle_day(start_column, end_column) -%}
    date_add({{ start_column }}, cast(datediff({{ end_column }}, {{ start_column }}) div 2 as integer))
{%- endmacro %}
