{#- Which documents report which agreement: one row per register row or news article that tells
    it, including the articles linked to a registered agreement (int_agreements_linked). An
    article that tells two agreements is two rows; two records of one article that stand for
    the same agreement are one row, with the best confidence. A register row's evidence is the
    row it was read from; an article's is the sentence(s) the extractor read it from. -#}
with

agreements as (
    select * from {{ ref('stg_agreements__agreements') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

dimension as (
    select * from {{ ref('dim_agreement') }}
),

reports as (
    select
        dimension.agreement_id,
        agreements.source_file,
        agreements.source as source_kind,
        case
            when agreements.source = 'register' then 'register row ' || agreements.source_row
            else agreements.evidence
        end as evidence,
        agreements.confidence
    from agreements
    inner join linked
        on agreements.agreement_key = linked.agreement_key
    inner join dimension
        on linked.canonical_key = dimension.agreement_key
),

final as (
    select
        agreement_id,
        source_file,
        {{ any_non_null('source_kind') }} as source_kind,
        {{ ordered_string_agg('evidence', "' | '", order_by=['evidence'], distinct=true) }}
            as evidence,
        max(confidence) as confidence,
        count(*) as records_in_source
    from reports
    group by agreement_id, source_file
)

select * from final
