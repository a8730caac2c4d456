{#-
  All price sources in one relation, one row per observation, in IDR per unit of the commodity.
  The readers quote every price in the commodity's own unit and quarantine a row in another unit
  (sources/prices/tidy.py); the test on fct_price_observation that (commodity_code, unit) is a
  dim_commodity pair says loudly if that ever breaks, instead of a join here dropping the row.
-#}
with

unioned as (
    {{ union_all_by_name([
        ref('stg_prices__pihps'), ref('stg_prices__bapanas'), ref('stg_prices__wfp')
    ]) }}
),

final as (
    select
        md5(concat_ws(
            '|', unioned.source, unioned.source_market, unioned.geo_level,
            coalesce(unioned.region_code, ''), unioned.commodity_code, unioned.market_level,
            unioned.period_grain, cast(unioned.period_start as string)
        )) as price_observation_id,
        unioned.source,
        unioned.source_dataset,
        unioned.source_market,
        unioned.geo_level,
        unioned.region_code,
        unioned.region_extent,
        unioned.commodity_code,
        unioned.market_level,
        unioned.period_grain,
        unioned.period_start,
        unioned.period_end,
        unioned.price_idr as price_idr_per_unit,
        unioned.unit,
        unioned.is_imputed,
        unioned.source_region_name,
        unioned.source_commodity_name,
        unioned.source_file,
        unioned.source_row,
        unioned.source_column,
        unioned.ingested_at
    from unioned
)

select * from final
