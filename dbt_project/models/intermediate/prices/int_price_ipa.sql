{#-
  FAO Indicator of Price Anomalies per monthly series: CQGR_t = (P_t / P_{t-3})^(1/3) - 1 and
  CAGR_t = (P_t / P_{t-12})^(1/12) - 1, each standardised (z) against the same calendar month in
  earlier years of the series (mean and sample sd), which adjusts a growth rate for how volatile
  that month usually is; IPA = 0.4 z(CQGR) + 0.6 z(CAGR). Computed only where both growth rates
  exist and each has at least two earlier years; rounded to 4 decimals.
-#}
with

monthly as (
    select * from {{ ref('int_prices_monthly') }}
),

growth as (
    select
        monthly.source,
        monthly.region_code,
        monthly.commodity_code,
        monthly.market_level,
        monthly.month_start,
        -- double exponents: Spark divides the decimal 1.0 to six places (0.333333), DuckDB to a double
        pow(monthly.price_idr_per_unit / back_3.price_idr_per_unit, cast(1 as double) / 3) - 1 as cqgr,
        pow(monthly.price_idr_per_unit / back_12.price_idr_per_unit, cast(1 as double) / 12) - 1 as cagr
    from monthly
    left join monthly as back_3
        on
            monthly.source = back_3.source
            and monthly.region_code = back_3.region_code
            and monthly.commodity_code = back_3.commodity_code
            and monthly.market_level = back_3.market_level
            and back_3.month_start = monthly.month_start - interval 3 month
    left join monthly as back_12
        on
            monthly.source = back_12.source
            and monthly.region_code = back_12.region_code
            and monthly.commodity_code = back_12.commodity_code
            and monthly.market_level = back_12.market_level
            and back_12.month_start = monthly.month_start - interval 12 month
),

standardised as (
    select
        *,
        (cqgr - avg(cqgr) over earlier) / nullif(stddev_samp(cqgr) over earlier, 0) as z_cqgr,
        (cagr - avg(cagr) over earlier) / nullif(stddev_samp(cagr) over earlier, 0) as z_cagr,
        count(cqgr) over earlier as earlier_years_cqgr,
        count(cagr) over earlier as earlier_years_cagr
    from growth
    window earlier as (
        partition by source, region_code, commodity_code, market_level, month(month_start)
        order by month_start rows between unbounded preceding and 1 preceding
    )
),

final as (
    select
        source,
        region_code,
        commodity_code,
        market_level,
        month_start,
        cqgr,
        cagr,
        case
            when earlier_years_cqgr >= 2 and earlier_years_cagr >= 2
                then {{ round_to('0.4 * z_cqgr + 0.6 * z_cagr', 4) }}
        end as ipa,
        case
            when cqgr is null or cagr is null
                then 'needs the prices of 3 and 12 months earlier'
            when earlier_years_cqgr < 2 or earlier_years_cagr < 2
                then 'needs growth rates for this calendar month in at least 2 earlier years'
            when z_cqgr is null or z_cagr is null
                then 'growth rates for this calendar month never varied'
        end as ipa_note
    from standardised
)

select * from final
