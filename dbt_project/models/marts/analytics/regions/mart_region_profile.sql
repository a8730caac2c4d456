{#- Profil daerah: one row per province and kab/kota with its latest population, GRDP per capita,
    latest real GRDP growth (constant prices, on the year before) with its year, latest
    year-on-year inflation (its own, or its province's for a kab/kota without a CPI
    series, said in inflation_scope) and its largest surplus and deficit in the latest balance
    year, and its kerja sama antar daerah: how many agreements it is party to (signed ones
    apart), with which regions and in which commodities. -#}
with

regions as (
    select * from {{ ref('dim_region') }}
),

population as (
    select *
    from {{ ref('fct_population') }}
    where region_extent = 'current'
    qualify row_number() over (
        partition by region_code order by year desc, (source = 'dukcapil') asc, source asc
    ) = 1
),

grdp as (
    select *
    from {{ ref('fct_grdp') }}
    where
        region_extent = 'current'
        and (grdp_per_capita_constant_idr is not null or grdp_per_capita_current_idr is not null)
    qualify row_number() over (partition by region_code order by year desc, source asc) = 1
),

growth as (
    select *
    from {{ ref('fct_grdp') }}
    where region_extent = 'current' and grdp_growth_pct is not null
    qualify row_number() over (partition by region_code order by year desc, source asc) = 1
),

inflation as (
    select *
    from {{ ref('fct_inflation') }}
    where measure = 'yoy' and period_grain = 'month' and region_extent = 'current'
    qualify row_number() over (partition by region_code order by period_start desc) = 1
),

balance as (
    select *
    from {{ ref('mart_commodity_balance') }}
    where balance_status in ('surplus', 'deficit')
    qualify year = max(year) over (partition by region_code)
),

extremes as (
    select
        region_code,
        max(year) as balance_year,
        {{ first_in_order(
            'commodity_code', ['surplus_ton desc', 'commodity_code asc'], filter='surplus_ton > 0'
        ) }} as largest_surplus_commodity_code,
        max(surplus_ton) filter (where surplus_ton > 0) as largest_surplus_ton,
        {{ first_in_order(
            'commodity_code', ['surplus_ton asc', 'commodity_code asc'], filter='surplus_ton < 0'
        ) }} as largest_deficit_commodity_code,
        min(surplus_ton) filter (where surplus_ton < 0) as largest_deficit_ton
    from balance
    group by region_code
),

agreement_parties as (
    select distinct
        parties.agreement_id,
        parties.region_code,
        agreements.status
    from {{ ref('bridge_agreement_party') }} as parties
    inner join {{ ref('dim_agreement') }} as agreements
        on parties.agreement_id = agreements.agreement_id
    where parties.region_code is not null
),

agreement_partners as (
    select
        own.region_code,
        {{ ordered_string_agg(
            'partner_regions.region_name', "'; '",
            order_by=['partner_regions.region_name'], distinct=true
        ) }} as agreement_partners
    from agreement_parties as own
    inner join agreement_parties as partner
        on own.agreement_id = partner.agreement_id and own.region_code <> partner.region_code
    inner join regions as partner_regions
        on partner.region_code = partner_regions.region_code
    group by own.region_code
),

agreement_commodities as (
    select
        own.region_code,
        {{ ordered_string_agg(
            'commodities.commodity_code', "'; '",
            order_by=['commodities.commodity_code'], distinct=true
        ) }} as agreement_commodity_codes
    from agreement_parties as own
    inner join {{ ref('bridge_agreement_commodity') }} as commodities
        on own.agreement_id = commodities.agreement_id
    group by own.region_code
),

agreement_counts as (
    select
        region_code,
        count(*) as agreements,
        count(*) filter (where status = 'signed') as agreements_signed
    from agreement_parties
    group by region_code
),

final as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_level,
        regions.province_code,
        regions.province_name,
        regions.island_group,
        population.population_persons,
        population.year as population_year,
        population.source as population_source,
        grdp.grdp_per_capita_constant_idr,
        grdp.grdp_per_capita_current_idr,
        grdp.year as grdp_year,
        growth.grdp_constant_idr_million,
        growth.grdp_growth_pct,
        growth.year as grdp_growth_year,
        coalesce(own_inflation.inflation_pct, province_inflation.inflation_pct)
            as inflation_yoy_pct,
        coalesce(own_inflation.period_start, province_inflation.period_start) as inflation_month,
        case
            when own_inflation.region_code is not null then 'own'
            when province_inflation.region_code is not null then 'province'
        end as inflation_scope,
        extremes.balance_year,
        extremes.largest_surplus_commodity_code,
        extremes.largest_surplus_ton,
        extremes.largest_deficit_commodity_code,
        extremes.largest_deficit_ton,
        coalesce(agreement_counts.agreements, 0) as agreements,
        coalesce(agreement_counts.agreements_signed, 0) as agreements_signed,
        agreement_partners.agreement_partners,
        agreement_commodities.agreement_commodity_codes
    from regions
    left join population
        on regions.region_code = population.region_code
    left join grdp
        on regions.region_code = grdp.region_code
    left join growth
        on regions.region_code = growth.region_code
    left join inflation as own_inflation
        on regions.region_code = own_inflation.region_code
    left join inflation as province_inflation
        on regions.province_code = province_inflation.region_code
    left join extremes
        on regions.region_code = extremes.region_code
    left join agreement_counts
        on regions.region_code = agreement_counts.region_code
    left join agreement_partners
        on regions.region_code = agreement_partners.region_code
    left join agreement_commodities
        on regions.region_code = agreement_commodities.region_code
)

select * from final
