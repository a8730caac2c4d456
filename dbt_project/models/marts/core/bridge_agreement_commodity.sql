{#- The commodities of each agreement, from every record that tells it. -#}
with

commodities as (
    select * from {{ ref('stg_agreements__commodities') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

agreements as (
    select * from {{ ref('dim_agreement') }}
),

final as (
    select
        agreements.agreement_id,
        commodities.commodity_code,
        {{ ordered_string_agg(
            'commodities.source_commodity_name', "'; '",
            order_by=['commodities.source_commodity_name'], distinct=true
        ) }} as source_names,
        count(*) as records_naming_commodity
    from commodities
    inner join linked
        on commodities.agreement_key = linked.agreement_key
    inner join agreements
        on linked.canonical_key = agreements.agreement_key
    group by agreements.agreement_id, commodities.commodity_code
)

select * from final
