{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#-
  Region pairs that an agreement already links, per commodity, in both directions, at two scopes:
  'pair' (the two parties' own regions) and 'provinces' (the provinces those regions lie in), so a
  partner opportunity between two kab/kota can say that their provinces, or they themselves, have
  signed for the commodity. An agreement for a commodity also covers its parent and its children
  (beras medium <-> beras). Planned and exploratory records do not link anything yet.
-#}
with

agreements as (
    select agreement_id from {{ ref('dim_agreement') }}
    where status not in ('planned', 'exploratory')
),

parties as (
    select distinct
        bridge.agreement_id,
        bridge.region_code,
        regions.province_code
    from {{ ref('bridge_agreement_party') }} as bridge
    inner join agreements on bridge.agreement_id = agreements.agreement_id
    inner join {{ ref('dim_region') }} as regions on bridge.region_code = regions.region_code
),

commodities as (
    select
        bridge.agreement_id,
        bridge.commodity_code
    from {{ ref('bridge_agreement_commodity') }} as bridge
    union
    select
        bridge.agreement_id,
        dim.parent_code as commodity_code
    from {{ ref('bridge_agreement_commodity') }} as bridge
    inner join {{ ref('dim_commodity') }} as dim on bridge.commodity_code = dim.commodity_code
    where dim.parent_code is not null
    union
    select
        bridge.agreement_id,
        dim.commodity_code
    from {{ ref('bridge_agreement_commodity') }} as bridge
    inner join {{ ref('dim_commodity') }} as dim on bridge.commodity_code = dim.parent_code
),

party_pairs as (
    select
        one.agreement_id,
        one.region_code as region_code_a,
        other.region_code as region_code_b,
        one.province_code as province_code_a,
        other.province_code as province_code_b
    from parties as one
    inner join parties as other
        on one.agreement_id = other.agreement_id and one.region_code <> other.region_code
),

final as (
    select
        'pair' as link_scope,
        party_pairs.region_code_a,
        party_pairs.region_code_b,
        commodities.commodity_code,
        party_pairs.agreement_id
    from party_pairs
    inner join commodities on party_pairs.agreement_id = commodities.agreement_id
    union
    select
        'provinces' as link_scope,
        party_pairs.province_code_a as region_code_a,
        party_pairs.province_code_b as region_code_b,
        commodities.commodity_code,
        party_pairs.agreement_id
    from party_pairs
    inner join commodities on party_pairs.agreement_id = commodities.agreement_id
)

select * from final
