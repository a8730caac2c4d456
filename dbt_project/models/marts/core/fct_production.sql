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
        max(value) filter (where measure = 'production') as production_ton,
        max(value) filter (where measure = 'harvested_area') as harvested_area_ha,
        max(value) filter (where measure = 'yield') / 10 as yield_ton_per_ha,
        min(source_file) as source_file
    from statistics
    group by source, geo_level, region_code, region_extent, commodity_code, year
)

select * from final
