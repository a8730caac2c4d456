{#- Fails on rows where a boolean SQL expression over the model's columns is false. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
