{#-
  WFP Alert for Price Spikes per monthly series of at least 36 months: OLS of
  P_t = a + b t + month-of-year dummies, ALPS_t = (P_t - fitted_t) / sd(residuals), the sd with
  n - (months of year seen) - 1 degrees of freedom. The fit uses month fixed effects
  (Frisch-Waugh: the slope from within-month deviations of t and P), which is the same OLS.
  Rounded to 4 decimals; null below 36 months.
-#}
with

monthly as (
    select
        source,
        region_code,
        commodity_code,
        market_level,
        month_start,
        price_idr_per_unit
    from {{ ref('int_prices_monthly') }}
),

indexed as (
    select
        *,
        count(*) over whole_series as months_in_series,
        {{ date_diff_in('month', 'min(month_start) over whole_series', 'month_start') }} as t
    from monthly
    window whole_series as (partition by source, region_code, commodity_code, market_level)
),

months_of_year as (
    select
        source,
        region_code,
        commodity_code,
        market_level,
        count(distinct month(month_start)) as months_of_year_seen
    from indexed
    group by source, region_code, commodity_code, market_level
),

series as (
    select
        indexed.*,
        months_of_year.months_of_year_seen,
        {{ exact_window_avg('indexed.price_idr_per_unit', 'month_of_year') }} as mean_price_of_month,
        {{ exact_window_avg('indexed.t', 'month_of_year') }} as mean_t_of_month
    from indexed
    inner join months_of_year
        on
            indexed.source = months_of_year.source
            and indexed.region_code = months_of_year.region_code
            and indexed.commodity_code = months_of_year.commodity_code
            and indexed.market_level = months_of_year.market_level
    window month_of_year as (
        partition by
            indexed.source, indexed.region_code, indexed.commodity_code, indexed.market_level,
            month(indexed.month_start)
    )
),

slope as (
    select
        source,
        region_code,
        commodity_code,
        market_level,
        {{ exact_sum('(t - mean_t_of_month) * (price_idr_per_unit - mean_price_of_month)') }}
        / nullif({{ exact_sum('pow(t - mean_t_of_month, 2)') }}, 0) as trend_per_month
    from series
    group by source, region_code, commodity_code, market_level
),

fitted as (
    select
        series.*,
        slope.trend_per_month,
        series.price_idr_per_unit - (
            series.mean_price_of_month + slope.trend_per_month * (series.t - series.mean_t_of_month)
        ) as residual
    from series
    inner join slope
        on
            series.source = slope.source
            and series.region_code = slope.region_code
            and series.commodity_code = slope.commodity_code
            and series.market_level = slope.market_level
),

alps as (
    select
        *,
        residual / nullif(
            sqrt(
                {{ exact_window_sum('pow(residual, 2)', 'whole_series') }}
                / nullif(months_in_series - months_of_year_seen - 1, 0)
            ),
            0
        ) as alps_raw
    from fitted
    window whole_series as (partition by source, region_code, commodity_code, market_level)
),

final as (
    select
        source,
        region_code,
        commodity_code,
        market_level,
        month_start,
        months_in_series,
        trend_per_month,
        case when months_in_series >= 36 then {{ round_to('alps_raw', 4) }} end as alps
    from alps
)

select * from final
