{#- delete+insert on DuckDB with a key that is not unique per row: our incremental models' keys
    name what a run recomputes (a period of every region, a whole series), so each key holds many
    rows in the table and in the new rows. dbt-duckdb deletes a composite key with
    `delete ... using <new rows>`, a join of every old row of a key with every new row of it: a
    one-day refresh of mart_price_alerts at national-10y (25 series of ~60,000 rows) was still
    deleting after 24 minutes. Here the new rows' distinct keys are matched instead (one row per
    key), which deletes the same rows: a key with a null in it is deleted by neither. -#}
{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, predicates) -%}
    {%- if predicates -%}
        {%- do exceptions.raise_compiler_error("delete+insert: incremental_predicates are not used here") -%}
    {%- endif -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- set keys = [unique_key] if unique_key is string else (unique_key or []) -%}
    {%- if keys -%}
    delete from {{ target }}
    where ({{ keys | join(', ') }}) in (select distinct {{ keys | join(', ') }} from {{ source }});
    {% endif -%}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ source }}
{%- endmacro %}
