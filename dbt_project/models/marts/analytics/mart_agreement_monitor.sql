{#-
  Pemantauan kerja sama: one row per agreement and commodity (one row with no commodity for an
  agreement that names none): parties, days since signing, committed and delivered quantities,
  and whether prices moved after signing.

  Price effect, a difference-in-differences: for the agreement's commodity, the monthly price
  series (one source, one price commodity: the one with the most partner observations) in the
  partner regions ("treated") and in regions of the same series that have no agreement for
  that commodity ("control"), over the 6 months before and the 6 months after the signing month
  (the signing month itself left out). did_pct = treated change - control change, in percent of
  each group's before-mean; the cross-region CV of each group before and after shows whether
  partner prices converged. With fewer than 2 partner region-months on either side or fewer than
  3 control regions the row says so (effect_note) and computes no estimate.
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

flows as (
    select * from {{ ref('fct_flow') }}
),

commodities as (
    select * from {{ ref('dim_commodity') }}
),

monthly as (
    select * from {{ ref('int_prices_monthly') }}
),

party_summary as (
    select
        agreement_id,
        string_agg(
            coalesce(region_name, '') || coalesce(' (' || organisation || ')', ''), '; '
            order by party_role, region_code, organisation
        ) as parties,
        list_sort(list_distinct(list(region_code) filter (where region_code is not null)))
            as party_region_codes
    from parties
    group by agreement_id
),

rows_ as (
    select
        agreements.agreement_id,
        agreements.title,
        agreements.instrument,
        agreements.status,
        agreements.signing_date,
        agreements.date_precision,
        agreements.source,
        agreements.records_linked,
        agreement_commodities.commodity_code,
        party_summary.parties,
        party_summary.party_region_codes
    from agreements
    left join agreement_commodities
        on agreements.agreement_id = agreement_commodities.agreement_id
    left join party_summary
        on agreements.agreement_id = party_summary.agreement_id
),

quantities as (
    select
        agreement_id,
        commodity_code,
        {{ exact_sum("case when flow_type = 'committed' then quantity_ton end") }}
            as committed_ton,
        {{ exact_sum("case when flow_type = 'delivered' then quantity_ton end") }}
            as delivered_ton
    from flows
    group by agreement_id, commodity_code
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
        list_contains(rows_.party_region_codes, monthly.region_code) as is_partner,
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
        rows_.signing_date is not null
        and (
            list_contains(rows_.party_region_codes, monthly.region_code)
            or agreement_regions.region_code is null
        )
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
        any_value(chosen.price_source) as price_source,
        any_value(chosen.price_commodity_code) as price_commodity_code,
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
        any_value(cv_pct) filter (where is_partner and phase = 'before') as partner_cv_before_pct,
        any_value(cv_pct) filter (where is_partner and phase = 'after') as partner_cv_after_pct,
        any_value(cv_pct) filter (where not is_partner and phase = 'before') as control_cv_before_pct,
        any_value(cv_pct) filter (where not is_partner and phase = 'after') as control_cv_after_pct
    from group_cv
    group by agreement_id, commodity_code
),

final as (
    select
        rows_.agreement_id,
        rows_.title,
        rows_.instrument,
        rows_.status,
        rows_.source,
        rows_.records_linked,
        rows_.parties,
        rows_.party_region_codes,
        rows_.commodity_code,
        rows_.signing_date,
        rows_.date_precision,
        date_diff('day', rows_.signing_date, current_date) as days_since_signing,
        quantities.committed_ton,
        quantities.delivered_ton,
        group_stats.price_source,
        group_stats.price_commodity_code,
        coalesce(group_stats.partner_obs_before, 0) as partner_obs_before,
        coalesce(group_stats.partner_obs_after, 0) as partner_obs_after,
        coalesce(group_stats.control_obs_before, 0) as control_obs_before,
        coalesce(group_stats.control_obs_after, 0) as control_obs_after,
        coalesce(group_stats.control_regions, 0) as control_regions,
        round(group_stats.partner_mean_before, 2) as partner_mean_before_idr,
        round(group_stats.partner_mean_after, 2) as partner_mean_after_idr,
        round(group_stats.control_mean_before, 2) as control_mean_before_idr,
        round(group_stats.control_mean_after, 2) as control_mean_after_idr,
        round(dispersion.partner_cv_before_pct, 4) as partner_cv_before_pct,
        round(dispersion.partner_cv_after_pct, 4) as partner_cv_after_pct,
        round(dispersion.control_cv_before_pct, 4) as control_cv_before_pct,
        round(dispersion.control_cv_after_pct, 4) as control_cv_after_pct,
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
            when rows_.commodity_code is null then 'no commodity named'
            when rows_.signing_date is null then 'no signing date'
            when group_stats.agreement_id is null then 'no price series for this commodity around the signing'
            when group_stats.partner_obs_before < 2 or group_stats.partner_obs_after < 2
                then 'too thin: fewer than 2 partner region-months before or after signing'
            when group_stats.control_regions < 3
                then 'too thin: fewer than 3 regions without an agreement to compare'
            else 'estimated'
        end as effect_note
    from rows_
    left join quantities
        on
            rows_.agreement_id = quantities.agreement_id
            and rows_.commodity_code is not distinct from quantities.commodity_code
    left join group_stats
        on
            rows_.agreement_id = group_stats.agreement_id
            and rows_.commodity_code = group_stats.commodity_code
    left join dispersion
        on
            rows_.agreement_id = dispersion.agreement_id
            and rows_.commodity_code = dispersion.commodity_code
)

select * from final
