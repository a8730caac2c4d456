{#- GRDP (PDRB) per region and year: the totals at constant (ADHK) and current (ADHB) prices in
    million rupiah, real growth on the year before, and GRDP per capita at both prices in rupiah
    (tables in ribu rupiah are scaled at ingest). Only yearly figures: the quarterly WebAPI rows
    stay in staging.
    A single-year answer cannot show a jump, so the series are checked here, across files: a
    figure more than max_period_ratio (seed statistics_measures) times, or less than its inverse,
    the median of its own series (region, measure, all years) is in another unit or another
    vintage (a block of years of a province's regions in a real WebAPI answer): it is flagged
    implausible_jump and published as null, like the figures the landing flagged. Growth is only
    computed between two published constant-price figures of consecutive years, of one extent
    (Papua before the 2022 split is another series than Papua after it). -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where
        period_grain = 'year'
        and measure in (
            'grdp_constant', 'grdp_current', 'grdp_per_capita_constant', 'grdp_per_capita_current'
        )
),

limits as (
    select
        measure,
        max_period_ratio
    from {{ ref('statistics_measures') }}
),

series_medians as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        measure,
        median(value) as median_value
    from statistics
    where quality_flag is null and value > 0
    group by all
),

checked as (
    select
        statistics.*,
        coalesce(
            statistics.quality_flag,
            case
                when
                    statistics.value > limits.max_period_ratio * series_medians.median_value
                    or statistics.value * limits.max_period_ratio < series_medians.median_value
                    then 'implausible_jump'
            end
        ) as checked_flag
    from statistics
    left join limits on statistics.measure = limits.measure
    left join series_medians
        on
            statistics.source = series_medians.source
            and statistics.geo_level = series_medians.geo_level
            and statistics.region_code is not distinct from series_medians.region_code
            and statistics.region_extent = series_medians.region_extent
            and statistics.measure = series_medians.measure
),

yearly as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        year,
        max(value) filter (where measure = 'grdp_constant' and checked_flag is null)
            as grdp_constant_idr_million,
        max(value) filter (where measure = 'grdp_current' and checked_flag is null)
            as grdp_current_idr_million,
        max(base_year) filter (where measure = 'grdp_constant') as constant_price_base_year,
        max(value) filter (where measure = 'grdp_per_capita_constant' and checked_flag is null)
            as grdp_per_capita_constant_idr,
        max(value) filter (where measure = 'grdp_per_capita_current' and checked_flag is null)
            as grdp_per_capita_current_idr,
        {{ ordered_string_agg(
            "checked_flag || ' (' || measure || ')'", "', '",
            order_by=["checked_flag || ' (' || measure || ')'"], distinct=true
        ) }} as quality_flag,
        min(source_file) as source_file
    from checked
    group by source, geo_level, region_code, region_extent, year
),

with_previous as (
    select
        yearly.*,
        lag(yearly.grdp_constant_idr_million) over (
            partition by yearly.source, yearly.geo_level, yearly.region_code, yearly.region_extent
            order by yearly.year
        ) as previous_constant_idr_million,
        lag(yearly.year)
            over (
                partition by yearly.source, yearly.geo_level, yearly.region_code, yearly.region_extent
                order by yearly.year
            )
            as previous_year
    from yearly
),

final as (
    select
        md5(concat_ws('|', source, geo_level, coalesce(region_code, ''), region_extent, year))
            as grdp_id,
        source,
        geo_level,
        region_code,
        region_extent,
        year,
        grdp_constant_idr_million,
        grdp_current_idr_million,
        constant_price_base_year,
        case
            when previous_year = year - 1
                then round(
                    (grdp_constant_idr_million / previous_constant_idr_million - 1) * 100, 4
                )
        end as grdp_growth_pct,
        grdp_per_capita_constant_idr,
        grdp_per_capita_current_idr,
        quality_flag,
        source_file
    from with_previous
)

select * from final
