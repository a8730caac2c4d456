{#- The parties of each agreement (pihak), from every record that tells it: role, region and
    organisation with its type (pemda, dinas, BUMD, koperasi, kelompok tani, Kadin). -#}
with

parties as (
    select * from {{ ref('stg_agreements__parties') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

agreements as (
    select * from {{ ref('dim_agreement') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

final as (
    select
        agreements.agreement_id,
        min(parties.party_role) as party_role,
        parties.region_code,
        {{ any_non_null('regions.region_name') }} as region_name,
        parties.organisation,
        {{ any_non_null('parties.organisation_type') }} as organisation_type,
        count(*) as records_naming_party
    from parties
    inner join linked
        on parties.agreement_key = linked.agreement_key
    inner join agreements
        on linked.canonical_key = agreements.agreement_key
    left join regions
        on parties.region_code = regions.region_code
    group by agreements.agreement_id, parties.region_code, parties.organisation
)

select * from final
