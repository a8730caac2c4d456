with

source as (
    select * from {{ source('raw_agreements', 'agreements') }}
),

renamed as (
    select
        -- ids
        cast(agreement_key as string) as agreement_key,
        -- files landed before layers existed have none: each record is its own cooperation
        cast(coalesce(cooperation_key, agreement_key) as string) as cooperation_key,
        cast(source as string) as source,
        cast(source_agreement_id as string) as source_agreement_id,
        -- attributes
        cast(title as string) as title,
        cast(instrument as string) as instrument,
        cast(instrument_text as string) as instrument_text,
        cast(status as string) as status,
        cast(scope as string) as scope,
        cast(facilitator as string) as facilitator,
        cast(document_numbers as string) as document_numbers,
        cast(quantities_text as string) as quantities_text,
        cast(source_urls as string) as source_urls,
        cast(evidence as string) as evidence,
        cast(confidence as double) as confidence,
        cast(uncertainty as string) as uncertainty,
        -- dates
        cast(signing_date as date) as signing_date,
        cast(date_precision as string) as date_precision,
        cast(date_text as string) as date_text,
        -- lineage
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row,
        cast(ingested_at as {{ type_timestamp_tz() }}) as ingested_at
    from source
)

select * from renamed
