with

source as (
    select * from {{ source('raw_agreements', 'agreement_parties') }}
),

renamed as (
    select
        cast(agreement_key as varchar) as agreement_key,
        cast(party_role as varchar) as party_role,
        cast(party_name as varchar) as party_name,
        cast(region_code as varchar) as region_code,
        cast(organisation as varchar) as organisation,
        cast(organisation_type as varchar) as organisation_type,
        cast(source_file as varchar) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
