{#- GRDP per capita (PDRB per kapita) per region and year, at constant (ADHK) and current (ADHB)
    prices, in rupiah (tables in ribu rupiah are scaled at ingest). -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where measure in ('grdp_per_capita_constant', 'grdp_per_capita_current')
),

final as (
    select
        md5(concat_ws('|', source, geo_level, coalesce(region_code, ''), year)) as grdp_id,
        source,
        geo_level,
        region_code,
        year,
        max(value) filter (where measure = 'grdp_per_capita_constant')
            as grdp_per_capita_constant_idr,
        max(value) filter (where measure = 'grdp_per_capita_current')
            as grdp_per_capita_current_idr,
        min(source_file) as source_file
    from statistics
    group by source, geo_level, region_code, year
)

select * from final
