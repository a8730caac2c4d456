{#- Flows of goods under agreements (aliran barang): origin x destination x commodity x date with
    quantity, its rupiah value where the text gives one, and flow_type committed (promised,
    planned, potential) or delivered (sent). Origin and destination are null where the text does
    not say who sent to whom. Quantities in tons where the unit is a weight. -#}
with

flows as (
    select * from {{ ref('stg_agreements__flows') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

agreements as (
    select * from {{ ref('dim_agreement') }}
),

final as (
    select
        md5(concat_ws(
            '|', flows.source_file, flows.source_row, flows.evidence, flows.quantity,
            coalesce(flows.commodity_code, '')
        )) as flow_id,
        agreements.agreement_id,
        flows.origin_region_code,
        flows.destination_region_code,
        flows.commodity_code,
        flows.flow_date,
        cast(date_trunc('month', flows.flow_date) as date) as period_start,
        flows.flow_type,
        flows.quantity,
        flows.unit,
        case when flows.unit = 'ton' then flows.quantity end as quantity_ton,
        flows.is_approximate,
        flows.value_idr,
        flows.evidence,
        flows.source_file,
        flows.source_row
    from flows
    inner join linked
        on flows.agreement_key = linked.agreement_key
    inner join agreements
        on linked.canonical_key = agreements.agreement_key
)

select * from final
