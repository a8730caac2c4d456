{#- dbt's unique test, for a column of tens of millions of long strings (the price fact's id, a
    32-character md5: 46M of them at national-10y, where grouping the strings took 17 s of a
    one-day refresh). The values are grouped by a 64-bit hash first, and only the values whose
    hash repeats are grouped again by themselves, so a hash collision is never reported as a
    duplicate: the same failing rows as unique, at about two thirds of its cost at 46M.

    `within_touched_periods`: the column is a hash of a key that holds the price period key (the
    price fact's id), so two equal values lie in one period. On a refresh (checks_since) only the
    periods landed since the last run that passed are read, all their rows, old and new: a value
    repeated anywhere repeats there, as every other period was unique when that run checked it.
    At national-10y the whole column took 3.9 s of a one-day refresh. -#}
{% test unique_by_hash(model, column_name, within_touched_periods=false) %}
{%- set since = checks_since() if within_touched_periods else none %}
with

checked as (
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        {% if since %} and {{ touched_price_periods_filter(none, since=since) }} {% endif %}
),

repeated_hashes as (
    select {{ hash64(column_name) }} as value_hash
    from checked
    group by {{ hash64(column_name) }}
    having count(*) > 1
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from checked
where {{ hash64(column_name) }} in (select value_hash from repeated_hashes)
group by {{ column_name }}
having count(*) > 1
{% endtest %}
