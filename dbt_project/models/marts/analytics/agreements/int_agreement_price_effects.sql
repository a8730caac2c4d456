{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#-
  The price effect of each agreement on each of its commodities, a difference-in-differences:
  the monthly price series of the commodity (one source, one price commodity: the one with the
  most partner observations) in the partner regions ("treated") and in regions of the same series
  that have no agreement for that commodity ("control"), over the 6 months before and
  after the signing month (the signing month itself left out).

    did_pct = ((partner_after / partner_before - 1) - (control_after / control_before - 1)) x 100

  with each mean taken over the group's region-months. The cross-region CV of each group's
  region means before and after says whether partner prices converged. With fewer than 2 partner
  region-months on either side, or fewer than 3 control regions, estimate_note says so and
  did_pct is null. An association over a short window, not a causal estimate.
-#}
{% set window_months = 6 %}
with

agreements as (
    select * from {{ ref('dim_agreement') }}
),

parties as (
    select * from {{ ref('bridge_agreement_party') }}
),

agreement_commodities as (
    select * from {{ ref('bridge_agreement_commodity') }}
),

commodities as (
    select * from {{ ref('dim_commodity') }}
),

monthly as (
    select * from {{ ref('int_prices_monthly') }}
),

party_regions as (
    select
        agreement_id,
        {{ distinct_list('region_code', filter='region_code is not null') }} as party_region_codes
    from parties
    group by agreement_id
),

rows_ as (
    select
        agreements.agreement_id,
        agreements.signing_date,
        agreement_commodities.commodity_code,
        party_regions.party_region_codes
    from agreements
    inner join agreement_commodities
        on agreements.agreement_id = agreement_commodities.agreement_id
    left join party_regions
        on agreements.agreement_id = party_regions.agreement_id
    where agreements.signing_date is not null
),

-- price commodities standing for an agreement commodity: itself, its children, or its group
priced_as as (
    select
        agreement_commodity.commodity_code as agreement_commodity_code,
        price_commodity.commodity_code as price_commodity_code
    from commodities as agreement_commodity
    inner join commodities as price_commodity
        on
            agreement_commodity.commodity_code = price_commodity.commodity_code
            or agreement_commodity.group_code = price_commodity.commodity_code
            or agreement_commodity.commodity_code = price_commodity.parent_code
            or agreement_commodity.commodity_code = price_commodity.group_code
),

-- regions that have any agreement for a commodity are never controls for it
agreement_regions as (
    select distinct
        agreement_commodities.commodity_code,
        parties.region_code
    from agreement_commodities
    inner join parties
        on agreement_commodities.agreement_id = parties.agreement_id
    where parties.region_code is not null
),

observations as (
    select
        rows_.agreement_id,
        rows_.commodity_code,
        monthly.source as price_source,
        monthly.commodity_code as price_commodity_code,
        monthly.region_code,
        monthly.price_idr_per_unit,
        {{ list_has('rows_.party_region_codes', 'monthly.region_code') }} as is_partner,
        case
            when monthly.month_start < date_trunc('month', rows_.signing_date) then 'before'
            else 'after'
        end as phase
    from rows_
    inner join priced_as
        on rows_.commodity_code = priced_as.agreement_commodity_code
    inner join monthly
        on
            priced_as.price_commodity_code = monthly.commodity_code
            and monthly.month_start
            between date_trunc('month', rows_.signing_date) - interval {{ window_months }} month
            and date_trunc('month', rows_.signing_date) + interval {{ window_months }} month
            and monthly.month_start <> date_trunc('month', rows_.signing_date)
    left join agreement_regions
        on
            rows_.commodity_code = agreement_regions.commodity_code
            and monthly.region_code = agreement_regions.region_code
    where
        {{ list_has('rows_.party_region_codes', 'monthly.region_code') }}
        or agreement_regions.region_code is null
),

-- the series with the most partner observations stands for the commodity; ties go to the most
-- regions, then to the source and commodity code in alphabetical order (counted first, ranked
-- after, so the ranking sorts plain columns and a rebuild picks the same series)
series_counts as (
    select
        agreement_id,
        commodity_code,
        price_source,
        price_commodity_code,
        count(*) filter (where is_partner) as partner_observations,
        count(distinct region_code) as regions
    from observations
    group by agreement_id, commodity_code, price_source, price_commodity_code
),

series_choice as (
    select
        agreement_id,
        commodity_code,
        price_source,
        price_commodity_code
    from series_counts
    qualify row_number() over (
        partition by agreement_id, commodity_code
        order by
            partner_observations desc,
            regions desc,
            price_source asc,
            price_commodity_code asc
    ) = 1
),

chosen as (
    select
        observations.*,
        case
            when
                observations.is_partner and observations.phase = 'before'
                then observations.price_idr_per_unit
        end as partner_before,
        case
            when observations.is_partner and observations.phase = 'after' then observations.price_idr_per_unit
        end as partner_after,
        case
            when
                not observations.is_partner and observations.phase = 'before'
                then observations.price_idr_per_unit
        end as control_before,
        case
            when
                not observations.is_partner and observations.phase = 'after'
                then observations.price_idr_per_unit
        end as control_after
    from observations
    inner join series_choice
        on
            observations.agreement_id = series_choice.agreement_id
            and observations.commodity_code = series_choice.commodity_code
            and observations.price_source = series_choice.price_source
            and observations.price_commodity_code = series_choice.price_commodity_code
),

region_means as (
    select
        agreement_id,
        commodity_code,
        is_partner,
        phase,
        region_code,
        {{ exact_avg('price_idr_per_unit') }} as region_mean
    from chosen
    group by agreement_id, commodity_code, is_partner, phase, region_code
),

group_stats as (
    select
        chosen.agreement_id,
        chosen.commodity_code,
        {{ any_non_null('chosen.price_source') }} as price_source,
        {{ any_non_null('chosen.price_commodity_code') }} as price_commodity_code,
        count(*) filter (where chosen.is_partner and chosen.phase = 'before') as partner_obs_before,
        count(*) filter (where chosen.is_partner and chosen.phase = 'after') as partner_obs_after,
        count(*) filter (where not chosen.is_partner and chosen.phase = 'before')
            as control_obs_before,
        count(*) filter (where not chosen.is_partner and chosen.phase = 'after')
            as control_obs_after,
        count(distinct chosen.region_code) filter (where not chosen.is_partner) as control_regions,
        {{ exact_avg('chosen.partner_before') }} as partner_mean_before,
        {{ exact_avg('chosen.partner_after') }} as partner_mean_after,
        {{ exact_avg('chosen.control_before') }} as control_mean_before,
        {{ exact_avg('chosen.control_after') }} as control_mean_after
    from chosen
    group by chosen.agreement_id, chosen.commodity_code
),

-- cross-region CV of the regions' means, per group and phase
group_cv as (
    select
        agreement_id,
        commodity_code,
        is_partner,
        phase,
        {{ exact_stddev_samp('region_mean') }} / nullif({{ exact_avg('region_mean') }}, 0) * 100
            as cv_pct
    from region_means
    group by agreement_id, commodity_code, is_partner, phase
),

dispersion as (
    select
        agreement_id,
        commodity_code,
        {{ any_non_null('cv_pct') }} filter (where is_partner and phase = 'before')
            as partner_cv_before_pct,
        {{ any_non_null('cv_pct') }} filter (where is_partner and phase = 'after')
            as partner_cv_after_pct,
        {{ any_non_null('cv_pct') }} filter (where not is_partner and phase = 'before')
            as control_cv_before_pct,
        {{ any_non_null('cv_pct') }} filter (where not is_partner and phase = 'after')
            as control_cv_after_pct
    from group_cv
    group by agreement_id, commodity_code
),

final as (
    select
        group_stats.agreement_id,
        group_stats.commodity_code,
        group_stats.price_source,
        group_stats.price_commodity_code,
        group_stats.partner_obs_before,
        group_stats.partner_obs_after,
        group_stats.control_obs_before,
        group_stats.control_obs_after,
        group_stats.control_regions,
        group_stats.partner_mean_before,
        group_stats.partner_mean_after,
        group_stats.control_mean_before,
        group_stats.control_mean_after,
        dispersion.partner_cv_before_pct,
        dispersion.partner_cv_after_pct,
        dispersion.control_cv_before_pct,
        dispersion.control_cv_after_pct,
        case
            when
                group_stats.partner_obs_before >= 2 and group_stats.partner_obs_after >= 2
                and group_stats.control_regions >= 3
                then round(
                    (
                        (group_stats.partner_mean_after / group_stats.partner_mean_before - 1)
                        - (group_stats.control_mean_after / group_stats.control_mean_before - 1)
                    ) * 100,
                    4
                )
        end as did_pct,
        case
            when group_stats.partner_obs_before < 2 or group_stats.partner_obs_after < 2
                then 'too thin: fewer than 2 partner region-months before or after signing'
            when group_stats.control_regions < 3
                then 'too thin: fewer than 3 regions without an agreement to compare'
            else 'estimated'
        end as estimate_note
    from group_stats
    inner join dispersion
        on
            group_stats.agreement_id = dispersion.agreement_id
            and group_stats.commodity_code = dispersion.commodity_code
)

select * from final
