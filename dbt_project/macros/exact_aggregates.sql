{#- Sums, means and sample sds computed on decimals. DuckDB adds doubles in whatever order its
    threads finish, so a double aggregate can differ in the last bit between two builds of the same
    data, and a rounded mean can flip (29777.225 -> .22 or .23). Summing decimals is exact, so a
    rebuild reproduces the published values to the byte. -#}
{% macro exact_sum(expr, scale=6) -%}
    cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))) as double)
{%- endmacro %}

{#- One value on the grid exact_avg works on: the mean of a group of one, to the byte. -#}
{% macro exact_value(expr, scale=6) -%}
    cast(cast({{ expr }} as decimal(38, {{ scale }})) as double)
{%- endmacro %}

{% macro exact_avg(expr, scale=6) -%}
    ({{ exact_sum(expr, scale) }} / count({{ expr }}))
{%- endmacro %}

{% macro exact_stddev_samp(expr) -%}
    sqrt(
        greatest(
            {{ exact_sum('(' ~ expr ~ ') * (' ~ expr ~ ')', 4) }}
            - pow({{ exact_sum(expr, 4) }}, 2) / count({{ expr }}),
            0
        ) / nullif(count({{ expr }}) - 1, 0)
    )
{%- endmacro %}

{% macro exact_window_avg(expr, window, scale=6) -%}
    (
        cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))) over {{ window }} as double)
        / count({{ expr }}) over {{ window }}
    )
{%- endmacro %}

{% macro exact_window_sum(expr, window, scale=6) -%}
    cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))) over {{ window }} as double)
{%- endmacro %}
