with

hierarchy as (
    select * from {{ ref('int_commodity_hierarchy_resolved') }}
),

final as (
    select
        commodity_code,
        commodity_level,
        parent_code,
        group_code,
        category_code,
        commodity_name_id,
        commodity_name_en,
        unit,
        is_food
    from hierarchy
)

select * from final
