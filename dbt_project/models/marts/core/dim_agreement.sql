{#- One row per agreement (kerja sama antar daerah): the register's record where there is one,
    else the first article that reported it, with how many records tell it and their best
    confidence. agreement_id is the register's id, or news- and a hash of the record.
    cooperation_id is the agreement this one is a layer of (the government MoU above a
    cooperatives' PKS told in the same article), its own id when it stands alone. -#}
with

agreements as (
    select * from {{ ref('stg_agreements__agreements') }}
),

linked as (
    select * from {{ ref('int_agreements_linked') }}
),

history as (
    select * from {{ ref('agreement_status_snapshot') }}
    where dbt_valid_to is null
),

reports as (
    select
        canonical_key,
        count(*) as records_linked,
        count(*) filter (where source = 'news') as news_reports,
        max(confidence) as confidence
    from linked
    group by canonical_key
),

identified as (
    select
        agreement_key,
        coalesce(source_agreement_id, 'news-' || left(md5(agreement_key), 10)) as agreement_id
    from agreements
),

cooperations as (
    select
        agreements.agreement_key,
        parent_ids.agreement_id as cooperation_id
    from agreements
    inner join linked
        on agreements.cooperation_key = linked.agreement_key
    inner join identified as parent_ids
        on linked.canonical_key = parent_ids.agreement_key
),

final as (
    select
        identified.agreement_id,
        coalesce(cooperations.cooperation_id, identified.agreement_id) as cooperation_id,
        agreements.agreement_key,
        agreements.title,
        agreements.instrument,
        agreements.instrument_text,
        agreements.status,
        cast(history.dbt_valid_from as timestamp) as status_recorded_at,
        agreements.signing_date,
        agreements.date_precision,
        agreements.date_text,
        agreements.source,
        reports.records_linked,
        reports.news_reports,
        reports.confidence,
        agreements.uncertainty,
        agreements.evidence,
        agreements.scope,
        agreements.facilitator,
        agreements.document_numbers,
        agreements.quantities_text,
        agreements.source_urls,
        agreements.source_file,
        agreements.source_row
    from agreements
    inner join identified
        on agreements.agreement_key = identified.agreement_key
    inner join reports
        on agreements.agreement_key = reports.canonical_key
    left join cooperations
        on agreements.agreement_key = cooperations.agreement_key
    left join history
        on agreements.agreement_key = history.agreement_key
)

select * from final
