{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='source_file',
    partition_by=spark_partitions(['source_file']),
    on_schema_change='fail',
    meta={'publish_watermark': 'ingested_at', 'publish_partition': 'period_start'},
    post_hook="{{ delete_files_no_longer_landed(this, ref('int_price_observations_unioned')) }}"
  )
}}
{#-
  Incremental by source file: a run re-inserts the rows landed since the last build
  (delete+insert on source_file, so a reloaded file replaces its rows) and the post-hook drops the
  rows of files that no longer land anything. The watermark is read before the model runs and
  written into the filter as a constant, so the scan skips the row groups landed before it
  instead of reading the whole history. `dbt build --full-refresh` rebuilds it whole.
-#}
with

observations as (
    select * from {{ ref('int_price_observations_unioned') }}
    {% if is_incremental() %}
        where ingested_at > {{ watermark_literal("select max(ingested_at) from " ~ this) }}
    {% endif %}
),

final as (
    select
        price_observation_id,
        source,
        source_dataset,
        source_market,
        geo_level,
        region_code,
        region_extent,
        commodity_code,
        market_level,
        period_grain,
        period_start,
        period_end,
        price_idr_per_unit,
        unit,
        is_imputed,
        source_region_name,
        source_commodity_name,
        source_file,
        source_row,
        source_column,
        ingested_at
    from observations
)

select * from final
