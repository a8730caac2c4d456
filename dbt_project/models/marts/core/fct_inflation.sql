{#- Inflation (inflasi) per region, month and measure: month-to-month, year-to-date and
    year-on-year, in percent, with the CPI base year. Annual figures (the 'Tahunan' column)
    have period_grain year. -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where measure in ('inflation_mtm', 'inflation_ytd', 'inflation_yoy')
),

final as (
    select
        md5(concat_ws(
            '|', source, geo_level, coalesce(region_code, ''), measure, period_grain, period_start
        )) as inflation_id,
        source,
        geo_level,
        region_code,
        region_extent,
        replace(measure, 'inflation_', '') as measure,
        period_grain,
        period_start,
        period_end,
        value as inflation_pct,
        base_year,
        source_file,
        source_row,
        source_column
    from statistics
)

select * from final
