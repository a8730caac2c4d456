{#-
  Tukar komoditas: two-way partners, pairs of regions where each has a surplus of something the
  other lacks (Probolinggo's corn for Blitar's eggs), per year, scored by trade complementarity.
  Michaely's index, adapted from trade flows to balances: with x_ik = region i's surplus of k as a
  share of i's total surplus and m_jk = region j's deficit of k as a share of j's total deficit
  (tonnage shares: not every commodity has a price to value it),
  TC_ij = 100 x (1 - sum_k |m_jk - x_ik| / 2) = 100 x sum_k min(x_ik, m_jk),
  the second form because both share vectors sum to one; it only needs the commodities where i
  has a surplus and j a deficit, so the index is computed from the sparse surplus x deficit join,
  never from a full pair x commodity grid. complementarity_index = sqrt(TC_ab x TC_ba): 100 when
  each region's whole surplus matches the other's whole deficit, 0 when one direction is empty
  (such pairs are not swaps and are not listed). Kept: the top-k partners of either region
  (var partner_top_k), ranked by the index, then by distance.
-#}
with

balances as (
    select * from {{ ref('int_partner_balances') }}
),

surplus_shares as (
    select
        *,
        surplus_ton
        / {{ exact_window_sum('surplus_ton', '(partition by region_code, year)') }} as share
    from balances
    where surplus_ton > 0
),

deficit_shares as (
    select
        *,
        -surplus_ton
        / {{ exact_window_sum('-surplus_ton', '(partition by region_code, year)') }} as share
    from balances
    where surplus_ton < 0
),

directed as (
    select
        supplier.level_group,
        supplier.year,
        supplier.region_code as supplier_region_code,
        receiver.region_code as receiver_region_code,
        100 * {{ exact_sum('least(supplier.share, receiver.share)', 12) }} as complementarity,
        {{ exact_sum('least(supplier.surplus_ton, -receiver.surplus_ton)') }}
            as tradable_volume_ton,
        {{ ordered_string_agg(
            'supplier.commodity_code', "', '", order_by=['supplier.commodity_code']
        ) }} as commodities
    from surplus_shares as supplier
    inner join deficit_shares as receiver
        on
            supplier.commodity_code = receiver.commodity_code
            and supplier.year = receiver.year
            and supplier.level_group = receiver.level_group
            and supplier.region_code <> receiver.region_code
    group by all
),

swaps as (
    select
        a_to_b.level_group,
        a_to_b.year,
        a_to_b.supplier_region_code as region_code_a,
        a_to_b.receiver_region_code as region_code_b,
        a_to_b.commodities as a_to_b_commodities,
        b_to_a.commodities as b_to_a_commodities,
        a_to_b.tradable_volume_ton as a_to_b_volume_ton,
        b_to_a.tradable_volume_ton as b_to_a_volume_ton,
        a_to_b.complementarity as complementarity_a_to_b,
        b_to_a.complementarity as complementarity_b_to_a,
        sqrt(a_to_b.complementarity * b_to_a.complementarity) as complementarity_index
    from directed as a_to_b
    inner join directed as b_to_a
        on
            a_to_b.year = b_to_a.year
            and a_to_b.supplier_region_code = b_to_a.receiver_region_code
            and a_to_b.receiver_region_code = b_to_a.supplier_region_code
    where a_to_b.supplier_region_code < a_to_b.receiver_region_code
),

with_distance as (
    select
        swaps.*,
        pairs.distance_km,
        pairs.distance_basis,
        pairs.same_island,
        pairs.same_province
    from swaps
    inner join {{ ref('int_partner_region_pairs') }} as pairs
        on
            swaps.region_code_a = pairs.origin_region_code
            and swaps.region_code_b = pairs.destination_region_code
),

ranked as (
    select
        *,
        -- bigints on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by year, region_code_a
            order by complementarity_index desc, distance_km asc, region_code_b asc
        ) as bigint) as rank_for_region_a,
        cast(row_number() over (
            partition by year, region_code_b
            order by complementarity_index desc, distance_km asc, region_code_a asc
        ) as bigint) as rank_for_region_b
    from with_distance
    qualify
        rank_for_region_a <= {{ var('partner_top_k') }}
        or rank_for_region_b <= {{ var('partner_top_k') }}
),

regions as (
    select
        region_code,
        region_name,
        province_code
    from {{ ref('dim_region') }}
),

-- each listed pair looked up twice: as itself and as its two provinces (any commodity)
link_keys as (
    select
        ranked.year,
        ranked.region_code_a,
        ranked.region_code_b,
        scopes.link_scope,
        case scopes.link_scope when 'pair' then ranked.region_code_a else region_a.province_code end
            as link_code_a,
        case scopes.link_scope when 'pair' then ranked.region_code_b else region_b.province_code end
            as link_code_b
    from ranked
    inner join regions as region_a on ranked.region_code_a = region_a.region_code
    inner join regions as region_b on ranked.region_code_b = region_b.region_code
    cross join (values ('pair'), ('provinces')) as scopes (link_scope)
),

linked as (
    select
        link_keys.year,
        link_keys.region_code_a,
        link_keys.region_code_b,
        {{ ordered_string_agg(
            'links.agreement_id', "', '", order_by=['links.agreement_id'], distinct=true
        ) }} as agreement_ids
    from link_keys
    inner join {{ ref('int_partner_agreement_links') }} as links
        on
            link_keys.link_scope = links.link_scope
            and link_keys.link_code_a = links.region_code_a
            and link_keys.link_code_b = links.region_code_b
    group by all
),

final as (
    select
        ranked.year,
        'year' as period_grain,
        ranked.level_group as region_level,
        ranked.region_code_a,
        names_a.region_name as region_name_a,
        ranked.region_code_b,
        names_b.region_name as region_name_b,
        ranked.a_to_b_commodities,
        ranked.b_to_a_commodities,
        {{ round_to('ranked.a_to_b_volume_ton', 3) }} as a_to_b_volume_ton,
        {{ round_to('ranked.b_to_a_volume_ton', 3) }} as b_to_a_volume_ton,
        {{ round_to('ranked.complementarity_a_to_b', 2) }} as complementarity_a_to_b,
        {{ round_to('ranked.complementarity_b_to_a', 2) }} as complementarity_b_to_a,
        {{ round_to('ranked.complementarity_index', 2) }} as complementarity_index,
        ranked.rank_for_region_a,
        ranked.rank_for_region_b,
        ranked.distance_km,
        ranked.distance_basis,
        ranked.same_island,
        ranked.same_province,
        linked.agreement_ids is not null as has_agreement,
        linked.agreement_ids
    from ranked
    inner join regions as names_a on ranked.region_code_a = names_a.region_code
    inner join regions as names_b on ranked.region_code_b = names_b.region_code
    left join linked
        on
            ranked.year = linked.year
            and ranked.region_code_a = linked.region_code_a
            and ranked.region_code_b = linked.region_code_b
)

select * from final
