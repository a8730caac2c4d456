with

source as (
    select * from {{ source('raw_agreements', 'agreement_flows') }}
),

renamed as (
    select
        -- ids
        cast(agreement_key as string) as agreement_key,
        cast(origin_region_code as string) as origin_region_code,
        cast(destination_region_code as string) as destination_region_code,
        cast(commodity_code as string) as commodity_code,
        -- measures
        cast(quantity as double) as quantity,
        cast(unit as string) as unit,
        cast(is_approximate as boolean) as is_approximate,
        cast(value_idr as double) as value_idr,
        cast(flow_type as string) as flow_type,
        cast(flow_date as date) as flow_date,
        -- lineage
        cast(evidence as string) as evidence,
        cast(source_file as string) as source_file,
        cast(source_row as integer) as source_row
    from source
)

select * from renamed
