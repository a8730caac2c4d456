{#- Schemas are named after the folder's layer (staging, core, ...), not prefixed with the
    target schema: the warehouse reads the same on every machine and matches Dagster groups. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
