{#- Fails unless the model holds exactly `expected` rows (narrow it with the test's `where`). -#}
{% test row_count_equals(model, expected) %}
select count(*) as actual_rows
from {{ model }}
having count(*) <> {{ expected }}
{% endtest %}
