with

source as (
    select * from {{ source('raw_agreements', 'agreement_parties') }}
),

renamed as (
    select
        cast(agreement_key as string) as agreement_key,
        cast(party_role as string) as party_role,
        cast(party_name as string) as party_name,
        cast(region_code as string) as region_code,
        cast(organisation as string) as organisation,
        cast(organisation_type as string) as organisation_type,
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
