{#- `dbt run-operation export_relations --args '{folder: ..., relations: [core.dim_date, ...]}'`:
    each relation written to <folder>/<schema>.<name>/ as plain Parquet files, whatever its
    table format or partitioning, so that another reader (the parity test's DuckDB) reads what
    the engine holds without the engine's metastore. Spark only: DuckDB's tables are read in
    place. -#}
{% macro export_relations(folder, relations) -%}
    {{ return(adapter.dispatch('export_relations')(folder, relations)) }}
{%- endmacro %}

{% macro default__export_relations(folder, relations) -%}
    {{ exceptions.raise_compiler_error("export_relations: read DuckDB's tables in place") }}
{%- endmacro %}

{% macro spark__export_relations(folder, relations) -%}
    {%- for relation in relations -%}
        {%- do run_query(
            "insert overwrite directory '" ~ folder ~ "/" ~ relation ~ "' using parquet "
            ~ "select * from " ~ relation
        ) -%}
        {{ log('exported ' ~ relation, info=true) }}
    {%- endfor -%}
{%- endmacro %}
