{#- Every status an agreement record has had, with when Sinergi saw it change (from the dbt
    snapshot agreement_status_snapshot). -#}
with

snapshot as (
    select * from {{ ref('agreement_status_snapshot') }}
),

agreements as (
    select * from {{ ref('dim_agreement') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

final as (
    select
        agreements.agreement_id,
        snapshot.agreement_key,
        snapshot.status,
        snapshot.instrument,
        snapshot.signing_date,
        snapshot.date_precision,
        cast(snapshot.dbt_valid_from as timestamp) as valid_from,
        cast(snapshot.dbt_valid_to as timestamp) as valid_to
    from snapshot
    inner join linked
        on snapshot.agreement_key = linked.agreement_key
    inner join agreements
        on linked.canonical_key = agreements.agreement_key
)

select * from final
