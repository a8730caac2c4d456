{#- Each commodity of the dictionary seed with its group and nearest category, found by walking
    up the parent codes: the hierarchy that dim_commodity publishes and that intermediate models
    (agreement linking by commodity group) use without reading a mart. -#}
with recursive

commodities as (
    select * from {{ ref('commodities') }}
),

-- walk each commodity up to its root, collecting its group and category on the way
ancestry as (
    select
        commodity_code,
        commodity_code as ancestor_code,
        commodity_level as ancestor_level,
        parent_code as next_code,
        0 as depth
    from commodities
    union all
    select
        ancestry.commodity_code,
        parents.commodity_code as ancestor_code,
        parents.commodity_level as ancestor_level,
        parents.parent_code as next_code,
        ancestry.depth + 1 as depth
    from ancestry
    inner join commodities as parents
        on ancestry.next_code = parents.commodity_code
),

levels as (
    select
        commodity_code,
        max(case when ancestor_level = 'group' then ancestor_code end) as group_code,
        -- the nearest category: food groups sit under the root category `pangan`
        {{ arg_min_of(
            "case when ancestor_level = 'category' then ancestor_code end",
            "case when ancestor_level = 'category' then depth end"
        ) }} as category_code
    from ancestry
    group by commodity_code
),

final as (
    select
        commodities.commodity_code,
        commodities.commodity_level,
        commodities.parent_code,
        levels.group_code,
        levels.category_code,
        commodities.commodity_name_id,
        commodities.commodity_name_en,
        commodities.unit,
        commodities.is_food
    from commodities
    inner join levels
        on commodities.commodity_code = levels.commodity_code
)

select * from final
