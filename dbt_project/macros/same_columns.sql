{#- A join condition: `left` and `right` agree on every column of `columns`, nulls included
    (a null region_code on both sides is the same region, where `=` would drop the pair). -#}
{% macro same_columns(left, right, columns) -%}
    {%- for column in columns -%}
        {{ left }}.{{ column }} is not distinct from {{ right }}.{{ column }}
        {%- if not loop.last %} and {% endif -%}
    {%- endfor -%}
{%- endmacro %}
