{#- Snapshots on Spark with Parquet tables. dbt-spark's own snapshot needs MERGE (Delta, Iceberg
    or Hudi, whose jars are not installable here); this one builds the same history with the
    statements Parquet tables have. The changes are computed by dbt's own snapshot_staging_table
    (inserts of new and changed records, updates that close a changed record's current row,
    in a view beside the snapshot),
    exactly as on DuckDB; the snapshot is then rebuilt into a staging table (every row it had,
    current rows that changed closed at this run's time, then the new rows) and written back with
    `insert overwrite`. A snapshot is small (one row per record version), so a whole rewrite is
    cheap; it is not atomic: a failed write-back leaves the staging table to rerun from. Source
    columns that appeared since the last run are added first, as dbt does elsewhere. -#}
{% materialization snapshot, adapter='spark' %}
    {%- set identifier = model.get('alias', model.get('name')) -%}
    {%- set exists, target_relation = get_or_create_relation(
        database=none, schema=model.schema, identifier=identifier, type='table'
    ) -%}
    {%- if not adapter.check_schema_exists(model.database, model.schema) -%}
        {%- do create_schema(target_relation) -%}
    {%- endif -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set strategy = strategy_dispatch(config.get('strategy'))(
        model, 'snapshotted_data', 'source_data', model['config'], exists
    ) -%}

    {{ run_hooks(pre_hooks) }}

    {%- if not exists -%}
        {%- set final_sql -%}
            create table {{ target_relation }} using parquet as
            {{ build_snapshot_table(strategy, model['compiled_code']) }}
        {%- endset -%}
    {%- else -%}
        {#- a view, not a temporary one, so that its columns can be described -#}
        {%- set changes = target_relation.incorporate(
            path={'identifier': identifier ~ '__dbt_changes'}, type='view'
        ) -%}
        {%- set rebuilt = target_relation.incorporate(
            path={'identifier': identifier ~ '__dbt_rebuilt'}
        ) -%}
        {%- call statement('changes') -%}
            {{ create_view_as(changes, snapshot_staging_table(strategy, sql, target_relation)) }}
        {%- endcall -%}
        {%- set bookkeeping = ['dbt_change_type', 'dbt_unique_key'] -%}
        {%- set missing = adapter.get_missing_columns(changes, target_relation)
            | rejectattr('name', 'in', bookkeeping) | list -%}
        {%- do create_columns(target_relation, missing) -%}
        {%- set names = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
        {%- call statement('drop_stale_rebuilt') -%}
            drop table if exists {{ rebuilt }}
        {%- endcall -%}
        {%- call statement('rebuild') -%}
            create table {{ rebuilt }} using parquet as
            with closing as (
                select {{ columns.dbt_scd_id }} as closed_scd_id, {{ columns.dbt_valid_to }} as closed_at
                from {{ changes }}
                where dbt_change_type in ('update', 'delete')
            )
            select
                {%- for name in names %}
                {%- if name == columns.dbt_valid_to %}
                case
                    when history.{{ name }} is null and closing.closed_scd_id is not null
                        then closing.closed_at
                    else history.{{ name }}
                end as {{ name }}
                {%- else %}
                history.{{ name }}
                {%- endif %}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ target_relation }} as history
            left join closing
                on history.{{ columns.dbt_scd_id }} = closing.closed_scd_id
            union all
            select {{ names | join(', ') }}
            from {{ changes }}
            where dbt_change_type = 'insert'
        {%- endcall -%}
        {%- set final_sql -%}
            insert overwrite table {{ target_relation }}
            select {{ names | join(', ') }} from {{ rebuilt }}
        {%- endset -%}
    {%- endif -%}

    {%- call statement('main') -%}
        {{ final_sql }}
    {%- endcall -%}

    {%- if exists -%}
        {%- call statement('drop_rebuilt') -%}
            drop table if exists {{ rebuilt }}
        {%- endcall -%}
        {%- call statement('drop_changes') -%}
            drop view if exists {{ changes }}
        {%- endcall -%}
    {%- endif -%}

    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
