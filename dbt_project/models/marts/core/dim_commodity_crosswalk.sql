with

crosswalk as (
    select * from {{ ref('commodity_crosswalk') }}
),

final as (
    select
        source,
        source_name,
        source_code,
        commodity_code,
        note
    from crosswalk
)

select * from final
