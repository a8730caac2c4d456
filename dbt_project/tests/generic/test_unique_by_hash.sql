{#- dbt's unique test, for a column of tens of millions of long strings (the price fact's id, a
    32-character md5: 46M of them at national-10y, where grouping the strings took 17 s of a
    one-day refresh). The values are grouped by a 64-bit hash first, and only the values whose
    hash repeats are grouped again by themselves, so a hash collision is never reported as a
    duplicate: the same failing rows as unique, at about two thirds of its cost at 46M. -#}
{% test unique_by_hash(model, column_name) %}
with

repeated_hashes as (
    select {{ hash64(column_name) }} as value_hash
    from {{ model }}
    where {{ column_name }} is not null
    group by {{ hash64(column_name) }}
    having count(*) > 1
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ hash64(column_name) }} in (select value_hash from repeated_hashes)
group by {{ column_name }}
having count(*) > 1
{% endtest %}
