{#- Fails on rows where the column lies outside [min_value, max_value]; nulls are left to
    not_null. Used for coordinates (Indonesia's bounding box), shares and ratios. -#}
{% test within_range(model, column_name, min_value, max_value) %}
select {{ column_name }} as out_of_range_value, *
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
