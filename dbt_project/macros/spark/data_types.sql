{#- Column types are declared once, in DuckDB's names (model contracts, seed column_types), and
    translated here for Spark: `varchar` has no length there, a timestamp with a time zone is
    Spark's `timestamp`, and so is a DuckDB `timestamp` (Spark's session time zone is UTC:
    the same wall clock), `x[]` is `array<x>`. -#}
{% macro spark_data_type(data_type) -%}
    {%- set kind = data_type | trim | lower -%}
    {%- if kind.endswith('[]') -%}
        {{- return('array<' ~ spark_data_type(kind[:-2]) ~ '>') -}}
    {%- endif -%}
    {%- set names = {
        'varchar': 'string', 'text': 'string', 'string': 'string',
        'timestamp with time zone': 'timestamp', 'timestamptz': 'timestamp', 'timestamp': 'timestamp',
        'integer': 'int', 'int': 'int', 'bigint': 'bigint',
        'double': 'double', 'float': 'float', 'boolean': 'boolean', 'date': 'date',
        'hugeint': 'decimal(38, 0)',
    } -%}
    {%- if kind in names -%}
        {{- return(names[kind]) -}}
    {%- elif kind.startswith('decimal') -%}
        {{- return(kind) -}}
    {%- endif -%}
    {{- exceptions.raise_compiler_error(
        "spark_data_type: no Spark type for '" ~ data_type ~ "' (add it to macros/spark/data_types.sql)"
    ) -}}
{%- endmacro %}

{#- An enforced contract is checked on Spark against the translated types. -#}
{% macro spark__get_empty_schema_sql(columns) -%}
    {%- set translated = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set copy = dict(column) -%}
        {%- if column.get('data_type') -%}
            {%- do copy.update({'data_type': spark_data_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(default__get_empty_schema_sql(translated)) }}
{%- endmacro %}

{#- Seeds on Spark: a Parquet table with the seed's declared types, translated, and its rows
    inserted in batches, every value written as a literal cast to its column's type. The values
    are not bound as parameters: dbt-spark's session connection binds a null as the text 'None'
    and does not escape quotes (`Bird's eye chili`). -#}
{% macro seed_column_types_on_spark(model, agate_table) -%}
    {%- set declared = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for column in agate_table.column_names -%}
        {%- set inferred = adapter.convert_type(agate_table, loop.index0) -%}
        {%- do types.append(spark_data_type(declared[column]) if column in declared else inferred) -%}
    {%- endfor -%}
    {{ return(types) }}
{%- endmacro %}

{% macro spark_literal(value) -%}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) -%}
    {%- set types = seed_column_types_on_spark(model, agate_table) -%}
    {%- set quote_columns = model['config'].get('quote_columns', none) -%}
    {%- set sql -%}
        create table {{ this.render() }} (
            {%- for column in agate_table.column_names %}
            {{ adapter.quote_seed_column(column | string, quote_columns) }} {{ types[loop.index0] }}
            {{- ',' if not loop.last }}
            {%- endfor %}
        )
        {{ file_format_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set types = seed_column_types_on_spark(model, agate_table) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            ({%- for value in row -%}
                cast({{ spark_literal(value) }} as {{ types[loop.index0] }}){{ ', ' if not loop.last }}
            {%- endfor -%}){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{%- endmacro %}
