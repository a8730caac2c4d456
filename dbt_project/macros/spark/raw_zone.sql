{#- The raw zone as the Spark target reads it: one external Parquet table per dbt source, over
    the folder orchestration/lib/landing/export.py writes (<raw>/<schema>/<table>/). Run at the
    start of every dbt invocation (on-run-start): a table is dropped and declared again, so a raw
    table that gained a column (a contract that grew) shows it, and Spark lists the files anew.
    Dropping an external table leaves its files alone. The location is SINERGI_SPARK_RAW, or
    SINERGI_SPARK_DIR/raw: a folder every Spark executor can read (local disk for local mode; a
    shared mount, HDFS or object storage on a cluster). On DuckDB the sources are the landing's
    own raw_* tables: nothing to do. -#}
{% macro register_raw_zone() -%}
    {{ return(adapter.dispatch('register_raw_zone')()) }}
{%- endmacro %}

{% macro default__register_raw_zone() -%}
{%- endmacro %}

{% macro spark__register_raw_zone() -%}
    {%- if execute -%}
        {%- set location = env_var('SINERGI_SPARK_RAW', '') or (
            env_var('SINERGI_SPARK_DIR', '../warehouse/spark') ~ '/raw'
        ) -%}
        {%- set schemas = run_query('show databases').columns[0].values() | list -%}
        {%- for source in graph.sources.values() -%}
            {%- if source.schema not in schemas -%}
                {%- do run_query('create database ' ~ source.schema) -%}
                {%- do schemas.append(source.schema) -%}
            {%- endif -%}
            {%- set table = source.schema ~ '.' ~ source.identifier -%}
            {%- do run_query('drop table if exists ' ~ table) -%}
            {%- do run_query(
                'create table ' ~ table ~ ' using parquet location '
                ~ "'" ~ location ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
