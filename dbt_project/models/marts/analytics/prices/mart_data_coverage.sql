{#-
  Cakupan data: for each source dataset and grain, every (region, commodity) pair it is expected
  to report - the regions it reports on crossed with the commodities it reports on - with how many
  periods it did report and how complete that is. The expected calendar is the set of periods the
  dataset published anything for (PIHPS publishes working days only, so weekends are not gaps)
  between the pair's dataset's first and last period. Pairs never reported are explicit rows with
  has_data = false. Built from the monthly coverage and the datasets' calendars (incremental
  helpers), never from the price fact itself.
-#}
with

coverage as (
    select * from {{ ref('int_price_coverage_monthly') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

calendar as (
    select
        source,
        source_dataset,
        period_grain,
        count(*) as expected_periods
    from {{ ref('int_price_dataset_calendar') }}
    group by source, source_dataset, period_grain
),

dataset_regions as (
    select distinct
        source,
        source_dataset,
        period_grain,
        geo_level,
        region_code
    from coverage
),

dataset_commodities as (
    select distinct
        source,
        source_dataset,
        period_grain,
        commodity_code
    from coverage
),

expected_pairs as (
    select
        dataset_regions.source,
        dataset_regions.source_dataset,
        dataset_regions.period_grain,
        dataset_regions.geo_level,
        dataset_regions.region_code,
        dataset_commodities.commodity_code
    from dataset_regions
    inner join dataset_commodities
        on
            dataset_regions.source_dataset = dataset_commodities.source_dataset
            and dataset_regions.period_grain = dataset_commodities.period_grain
),

observed as (
    select
        source_dataset,
        period_grain,
        region_code,
        commodity_code,
        cast(sum(observations) as bigint) as observations,
        cast(sum(observed_periods) as bigint) as observed_periods,
        min(first_period_start) as first_period_start,
        max(last_period_end) as last_period_end,
        max(last_ingested_at) as last_ingested_at
    from coverage
    group by source_dataset, period_grain, region_code, commodity_code
),

final as (
    select
        expected_pairs.source,
        expected_pairs.source_dataset,
        expected_pairs.period_grain,
        expected_pairs.geo_level,
        expected_pairs.region_code,
        regions.region_name,
        expected_pairs.commodity_code,
        observed.region_code is not null as has_data,
        coalesce(observed.observations, 0) as observations,
        coalesce(observed.observed_periods, 0) as observed_periods,
        calendar.expected_periods,
        round(coalesce(observed.observed_periods, 0) / calendar.expected_periods * 100, 2)
            as completeness_pct,
        observed.first_period_start,
        observed.last_period_end,
        observed.last_ingested_at
    from expected_pairs
    inner join calendar
        on
            expected_pairs.source_dataset = calendar.source_dataset
            and expected_pairs.period_grain = calendar.period_grain
    left join observed
        on
            expected_pairs.source_dataset = observed.source_dataset
            and expected_pairs.period_grain = observed.period_grain
            and expected_pairs.region_code = observed.region_code
            and expected_pairs.commodity_code = observed.commodity_code
    left join regions
        on expected_pairs.region_code = regions.region_code
)

select * from final
