{#- The price fact's post-hook: rows of files that no longer land anything (removed from the
    landing, or now wholly quarantined) leave the fact. On Spark the fact is partitioned by
    source_file (Parquet tables have no DELETE): those files' partitions are dropped. -#}
{% macro delete_files_no_longer_landed(relation, landed) -%}
    {{ return(adapter.dispatch('delete_files_no_longer_landed')(relation, landed)) }}
{%- endmacro %}

{% macro default__delete_files_no_longer_landed(relation, landed) -%}
    delete from {{ relation }} where source_file not in (select distinct source_file from {{ landed }})
{%- endmacro %}

{% macro spark__delete_files_no_longer_landed(relation, landed) -%}
    {%- if execute -%}
        {%- set gone = run_query(
            "select distinct built.source_file from " ~ relation ~ " as built left anti join "
            ~ "(select distinct source_file from " ~ landed ~ ") as landed "
            ~ "on built.source_file = landed.source_file"
        ).columns[0].values() -%}
        {%- for source_file in gone -%}
            {%- do run_query(
                "alter table " ~ relation ~ " drop if exists partition (source_file = "
                ~ spark_literal(source_file) ~ ")"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
