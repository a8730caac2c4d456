{#- Fails on each combination of `columns` in the model that no row of `to` has in `to_columns`
    (a relationships test over several columns). Distinct combinations are compared, so a large
    fact costs one aggregate, not a join of every row. -#}
{% test combination_exists_in(model, columns, to, to_columns) %}
with

combinations as (
    select distinct {{ columns | join(', ') }}
    from {{ model }}
),

reference as (
    select distinct {{ to_columns | join(', ') }}
    from {{ to }}
)

select combinations.*
from combinations
where not exists (
    select 1
    from reference
    where
        {% for column in columns -%}
            combinations.{{ column }} = reference.{{ to_columns[loop.index0] }}
            {%- if not loop.last %} and {% endif %}
        {% endfor %}
)
{% endtest %}
