{#-
  Pemantauan kerja sama: one row per agreement and commodity (one row with no commodity for an
  agreement that names none): parties, days since signing, committed and delivered quantities,
  and whether prices moved after signing: the difference-in-differences of
  int_agreement_price_effects (see its header for the formula and its thresholds).
  Tagged reads_clock: days_since_signing moves every day, so a refresh rebuilds it even when no
  source changed (orchestration/refresh.py).
-#}
{{ config(tags=['reads_clock']) }}

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

effects as (
    select * from {{ ref('int_agreement_price_effects') }}
),

party_summary as (
    select
        agreement_id,
        {{ ordered_string_agg(
            "coalesce(region_name, '') || coalesce(' (' || organisation || ')', '')", "'; '",
            order_by=['party_role', 'region_code', 'organisation']
        ) }} as parties,
        {{ distinct_list('region_code', filter='region_code is not null', sorted=true) }}
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
        {{ date_diff_in('day', 'rows_.signing_date', 'current_date') }} as days_since_signing,
        quantities.committed_ton,
        quantities.delivered_ton,
        effects.price_source,
        effects.price_commodity_code,
        coalesce(effects.partner_obs_before, 0) as partner_obs_before,
        coalesce(effects.partner_obs_after, 0) as partner_obs_after,
        coalesce(effects.control_obs_before, 0) as control_obs_before,
        coalesce(effects.control_obs_after, 0) as control_obs_after,
        coalesce(effects.control_regions, 0) as control_regions,
        round(effects.partner_mean_before, 2) as partner_mean_before_idr,
        round(effects.partner_mean_after, 2) as partner_mean_after_idr,
        round(effects.control_mean_before, 2) as control_mean_before_idr,
        round(effects.control_mean_after, 2) as control_mean_after_idr,
        round(effects.partner_cv_before_pct, 4) as partner_cv_before_pct,
        round(effects.partner_cv_after_pct, 4) as partner_cv_after_pct,
        round(effects.control_cv_before_pct, 4) as control_cv_before_pct,
        round(effects.control_cv_after_pct, 4) as control_cv_after_pct,
        effects.did_pct,
        case
            when rows_.commodity_code is null then 'no commodity named'
            when rows_.signing_date is null then 'no signing date'
            when effects.agreement_id is null then 'no price series for this commodity around the signing'
            else effects.estimate_note
        end as effect_note
    from rows_
    left join quantities
        on
            rows_.agreement_id = quantities.agreement_id
            and rows_.commodity_code is not distinct from quantities.commodity_code
    left join effects
        on
            rows_.agreement_id = effects.agreement_id
            and rows_.commodity_code = effects.commodity_code
)

select * from final
