with

code_history as (
    select * from {{ ref('stg_regions__code_history') }}
),

regions as (
    select * from {{ ref('stg_regions__kemendagri_regions') }}
),

final as (
    select
        code_history.code,
        code_history.code_system,
        code_history.code_vintage,
        code_history.mapping_kind,
        code_history.is_exact,
        code_history.region_code,
        regions.region_name,
        code_history.source_file,
        code_history.source_row
    from code_history
    inner join regions
        on code_history.region_code = regions.region_code
)

select * from final
