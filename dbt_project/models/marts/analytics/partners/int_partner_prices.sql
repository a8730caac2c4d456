{{ config(schema='intermediate', materialized='table', contract={'enforced': false}) }}
{#-
  One yearly price per region, balance commodity and year for the partner gap, from ONE source
  per commodity and year so that origin and destination prices are comparable: the source that
  prices the most regions that year (ties: PIHPS, Bapanas, WFP, BPS). The sources: the price
  feeds (PIHPS, the Bapanas kab/kota panel, WFP) and the retail prices of the BPS statistics
  (the egg price tables, monthly by province or the year's mean by kab/kota). A balance commodity
  is priced by its own series or, failing that, by its children's (beras by beras medium), or by
  its group's when it is the group's only commodity (PIHPS prices Telur Ayam, whose one item is
  telur ayam ras). A kab/kota without a
  series of its own takes its province's: the province series if the source has one, else the mean
  of the province's kab/kota; price_basis says which. Retail levels only: producer and wholesale
  prices are not what a deficit region pays.
-#}
with

feeds as (
    select
        source,
        geo_level,
        region_code,
        commodity_code,
        month_start,
        price_idr_per_unit,
        false as is_year_mean
    from {{ ref('int_prices_monthly') }}
    where market_level in ('retail', 'retail_traditional', 'retail_modern')
),

-- BPS retail prices are per kg by their measure (statistics_measures: retail_price, idr/kg)
statistics as (
    select
        source,
        geo_level,
        region_code,
        commodity_code,
        period_start as month_start,
        value as price_idr_per_unit,
        period_grain = 'year' as is_year_mean
    from {{ ref('stg_bps__statistics') }}
    where
        measure = 'retail_price'
        and quality_flag is null
        and geo_level <> 'nasional'
        and period_grain in ('month', 'year')
),

monthly as (
    select * from feeds
    union all
    select * from statistics
),

commodities as (
    select * from {{ ref('dim_commodity') }}
    where unit = 'kg'
),

regions as (
    select
        region_code,
        region_level,
        province_code
    from {{ ref('dim_region') }}
),

-- the commodity each series prices for the balance: itself (rank 1) and its parent (rank 2)
priced_as as (
    select
        commodity_code as series_commodity_code,
        commodity_code as balance_commodity_code,
        1 as match_rank
    from commodities
    union all
    select
        commodity_code as series_commodity_code,
        parent_code as balance_commodity_code,
        2 as match_rank
    from commodities
    where parent_code is not null
    union all
    select
        groups.commodity_code as series_commodity_code,
        only_child.commodity_code as balance_commodity_code,
        3 as match_rank
    from commodities as only_child
    inner join commodities as groups on only_child.parent_code = groups.commodity_code
    qualify count(*) over (partition by groups.commodity_code) = 1
),

yearly as (
    select
        monthly.source,
        monthly.geo_level,
        monthly.region_code,
        priced_as.balance_commodity_code as commodity_code,
        year(monthly.month_start) as year,
        -- grouped by rank, so a commodity's own series is never averaged with its children's
        priced_as.match_rank,
        {{ exact_avg('monthly.price_idr_per_unit') }} as price_idr_per_kg,
        -- a year's mean (BPS kab/kota egg prices) stands for the twelve months it averages;
        -- else the distinct months, counted as the bits set in a mask of the year's months
        -- (a distinct count was half of this model's time at national-10y)
        case
            when bool_or(monthly.is_year_mean) then 12
            else cast(
                bit_count(bit_or(cast(pow(2, month(monthly.month_start) - 1) as integer)))
                as bigint
            )
        end as months_priced
    from monthly
    inner join priced_as on monthly.commodity_code = priced_as.series_commodity_code
    group by all
),

-- one series per source, region, commodity and year: its own, else its children's, else its group's
best_series as (
    select *
    from yearly
    qualify match_rank = min(match_rank) over (
        partition by source, geo_level, region_code, commodity_code, year
    )
),

-- counted apart from the choice: Spark's qualify sees only a grouped query's grouped columns
source_coverage as (
    select
        commodity_code,
        year,
        source,
        count(distinct region_code) as regions_reporting
    from best_series
    group by commodity_code, year, source
),

chosen_source as (
    select
        commodity_code,
        year,
        source
    from source_coverage
    qualify row_number() over (
        partition by commodity_code, year
        order by
            regions_reporting desc,
            case source when 'pihps' then 1 when 'bapanas' then 2 when 'wfp' then 3 else 4 end
    ) = 1
),

series as (
    select best_series.*
    from best_series
    inner join chosen_source
        on
            best_series.commodity_code = chosen_source.commodity_code
            and best_series.year = chosen_source.year
            and best_series.source = chosen_source.source
),

kabkota_series as (
    select * from series
    where geo_level = 'kabupaten_kota'
),

province_series as (
    select * from series
    where geo_level = 'provinsi'
),

province_means as (
    select
        regions.province_code,
        kabkota_series.commodity_code,
        kabkota_series.year,
        kabkota_series.source,
        {{ exact_avg('kabkota_series.price_idr_per_kg') }} as price_idr_per_kg,
        min(kabkota_series.months_priced) as months_priced
    from kabkota_series
    inner join regions on kabkota_series.region_code = regions.region_code
    group by all
),

province_prices as (
    select
        coalesce(province_series.region_code, province_means.province_code) as province_code,
        coalesce(province_series.commodity_code, province_means.commodity_code) as commodity_code,
        coalesce(province_series.year, province_means.year) as year,
        coalesce(province_series.source, province_means.source) as source,
        coalesce(province_series.price_idr_per_kg, province_means.price_idr_per_kg)
            as price_idr_per_kg,
        coalesce(province_series.months_priced, province_means.months_priced) as months_priced,
        case
            when province_series.region_code is not null then 'province series'
            else 'province mean of kab/kota'
        end as basis
    from province_series
    full outer join province_means
        on
            province_series.region_code = province_means.province_code
            and province_series.commodity_code = province_means.commodity_code
            and province_series.year = province_means.year
),

grid as (
    select
        regions.region_code,
        regions.region_level,
        regions.province_code,
        chosen_source.commodity_code,
        chosen_source.year,
        chosen_source.source
    from regions
    cross join chosen_source
),

final as (
    select
        grid.region_code,
        grid.commodity_code,
        grid.year,
        grid.source as price_source,
        {{ round_to('coalesce(own.price_idr_per_kg, province_prices.price_idr_per_kg)', 2) }}
            as price_idr_per_kg,
        coalesce(own.months_priced, province_prices.months_priced) as months_priced,
        case
            when grid.region_level = 'provinsi' then province_prices.basis
            when own.region_code is not null then 'region series'
            else province_prices.basis
        end as price_basis
    from grid
    -- kab/kota series never carry a province code, so a province finds no series of its own here
    -- (an equality-only join: a level test in this ON clause made DuckDB loop, 94 s at 10 years)
    left join kabkota_series as own
        on
            grid.region_code = own.region_code
            and grid.commodity_code = own.commodity_code
            and grid.year = own.year
    left join province_prices
        on
            grid.province_code = province_prices.province_code
            and grid.commodity_code = province_prices.commodity_code
            and grid.year = province_prices.year
    where coalesce(own.price_idr_per_kg, province_prices.price_idr_per_kg) is not null
)

select * from final
