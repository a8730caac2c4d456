with

source as (
    select * from {{ source('raw_agreements', 'agreement_commodities') }}
),

renamed as (
    select
        cast(agreement_key as string) as agreement_key,
        cast(commodity_code as string) as commodity_code,
        cast(source_commodity_name as string) as source_commodity_name,
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
