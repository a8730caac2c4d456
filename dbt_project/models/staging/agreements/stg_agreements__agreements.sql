with

source as (
    select * from {{ source('raw_agreements', 'agreements') }}
),

renamed as (
    select
        -- ids
        cast(agreement_key as varchar) as agreement_key,
        -- files landed before layers existed have none: each record is its own cooperation
        cast(coalesce(cooperation_key, agreement_key) as varchar) as cooperation_key,
        cast(source as varchar) as source,
        cast(source_agreement_id as varchar) as source_agreement_id,
        -- attributes
        cast(title as varchar) as title,
        cast(instrument as varchar) as instrument,
        cast(instrument_text as varchar) as instrument_text,
        cast(status as varchar) as status,
        cast(scope as varchar) as scope,
        cast(facilitator as varchar) as facilitator,
        cast(document_numbers as varchar) as document_numbers,
        cast(quantities_text as varchar) as quantities_text,
        cast(source_urls as varchar) as source_urls,
        cast(evidence as varchar) as evidence,
        cast(confidence as double) as confidence,
        cast(uncertainty as varchar) as uncertainty,
        -- dates
        cast(signing_date as date) as signing_date,
        cast(date_precision as varchar) as date_precision,
        cast(date_text as varchar) as date_text,
        -- lineage
        cast(source_file as varchar) as source_file,
        cast(source_row as integer) as source_row,
        cast(ingested_at as timestamp with time zone) as ingested_at
    from source
)

select * from renamed
