{#- delete+insert on Spark without Delta, Iceberg or Hudi (Parquet tables have no DELETE or
    MERGE): the rows of the keys a run recomputes replace the table's rows with those keys, as
    DuckDB's delete+insert does. The table's partitions that hold those keys are rebuilt in a
    staging table (their other rows, then the new ones) and written back with a dynamic
    `insert overwrite`, which replaces exactly those partitions; a table without partition_by is
    rewritten whole. partition_by must be among the unique key's columns, so every key lies in one
    partition. A row whose key is null is never replaced (nor deleted on DuckDB). The staging table
    is dropped once the partitions are written back. -#}

{#- Spark's partition columns for a model, none on DuckDB (which has no table partitions). -#}
{% macro spark_partitions(columns) -%}
    {{- return(columns if target.type == 'spark' else none) -}}
{%- endmacro %}

{#- dbt-spark's strategies, and delete+insert. -#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) -%}
    {%- if raw_strategy == 'delete+insert' -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {%- if raw_strategy not in ['append', 'insert_overwrite', 'microbatch'] -%}
        {%- do exceptions.raise_compiler_error(
            "Spark on " ~ file_format ~ ": incremental_strategy must be delete+insert, append, "
            ~ "insert_overwrite or microbatch, not '" ~ raw_strategy ~ "'"
        ) -%}
    {%- endif -%}
    {{ return(raw_strategy) }}
{%- endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) -%}
    {%- if strategy == 'delete+insert' -%}
        {{ spark_delete_insert(source, target, unique_key) }}
    {%- elif strategy == 'append' -%}
        {{ get_insert_into_sql(source, target) }}
    {%- else -%}
        {#- insert_overwrite and microbatch (which needs partition_by) -#}
        {%- if strategy == 'microbatch' and not config.get('partition_by') -%}
            {%- do exceptions.raise_compiler_error("microbatch on Spark needs partition_by") -%}
        {%- endif -%}
        {{ get_insert_overwrite_sql(source, target, existing) }}
    {%- endif -%}
{%- endmacro %}

{#- Runs the rebuild of the touched partitions and their write-back; returns the statement that
    drops the staging table (dbt's `main` statement). -#}
{% macro spark_delete_insert(source, target, unique_key) -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set partitions = config.get('partition_by') or [] -%}
    {%- set partitions = [partitions] if partitions is string else partitions -%}
    {%- for column in partitions if column not in keys -%}
        {%- do exceptions.raise_compiler_error(
            "delete+insert on Spark: partition column " ~ column ~ " of " ~ target
            ~ " is not in its unique_key " ~ keys
        ) -%}
    {%- endfor -%}
    {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | list -%}
    {%- set staging = target.incorporate(path={'identifier': target.identifier ~ '__dbt_rebuilt'}) -%}
    {%- call statement('drop_stale_staging') -%}
        drop table if exists {{ staging }}
    {%- endcall -%}
    {%- call statement('rebuild_touched_partitions') -%}
        create table {{ staging }} using parquet as
        select {{ columns | join(', ') }}
        from {{ target }} as kept
        {%- if partitions %}
        left semi join (select distinct {{ partitions | join(', ') }} from {{ source }}) as touched
            on {% for column in partitions %}kept.{{ column }} = touched.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
        {%- endif %}
        left anti join (select distinct {{ keys | join(', ') }} from {{ source }}) as replaced
            on {% for column in keys %}kept.{{ column }} = replaced.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
        union all
        select {{ columns | join(', ') }} from {{ source }}
    {%- endcall -%}
    {%- call statement('write_back') -%}
        insert overwrite table {{ target }}
        {%- if partitions %} partition ({{ partitions | join(', ') }}){% endif %}
        select {{ columns | join(', ') }} from {{ staging }}
    {%- endcall -%}
    drop table if exists {{ staging }}
{%- endmacro %}
