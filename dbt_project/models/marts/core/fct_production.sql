{#- Production (produksi), harvested area (luas panen) and yield (produktivitas) per source,
    region, commodity and year, as reported: paddy stays paddy (GKG) here; conversion to rice
    happens in the commodity balance. Yield is converted from quintals per hectare to tons. -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where measure in ('production', 'harvested_area', 'yield') and period_grain = 'year'
),

final as (
    select
        md5(concat_ws('|', source, geo_level, coalesce(region_code, ''), commodity_code, year))
            as production_id,
        source,
        geo_level,
        region_code,
        region_extent,
        commodity_code,
        year,
        max(value) filter (where measure = 'production' and quality_flag is null)
            as production_ton,
        max(value) filter (where measure = 'harvested_area' and quality_flag is null)
            as harvested_area_ha,
        max(value) filter (where measure = 'yield' and quality_flag is null) / 10
            as yield_ton_per_ha,
        {{ ordered_string_agg('quality_flag', "', '", order_by=['quality_flag'], distinct=true) }}
            as quality_flag,
        min(source_file) as source_file
    from statistics
    group by source, geo_level, region_code, region_extent, commodity_code, year
)

select * from final
