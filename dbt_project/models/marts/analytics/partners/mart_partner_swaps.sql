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
  (such pairs are not swaps and are not listed). Each region's partners are ranked among all of
  them (by the index, then distance), and a pair is kept when it is in the top k (var
  partner_top_k) of either of its regions.
-#}
with

balances as (
    select * from {{ ref('int_partner_balances') }}
),

-- a number per region, in code order: the pair aggregate below groups ~4M matches at
-- national-10y, and integer keys group faster than the text codes (1.3 s against 2.0 s); the
-- name and province come along, so the listed pairs need no lookup in dim_region (whose join
-- to both regions of a pair DuckDB planned as a cross product)
region_keys as (
    select
        region_code,
        region_name,
        province_code,
        level_group,
        cast(row_number() over (order by region_code) as bigint) as region_key
    from (
        select distinct
            region_code,
            region_name,
            province_code,
            level_group
        from balances
    ) as regions_with_balances
),

keyed_balances as (
    select
        balances.region_code,
        balances.level_group,
        balances.commodity_code,
        balances.year,
        balances.surplus_ton,
        region_keys.region_key
    from balances
    inner join region_keys on balances.region_code = region_keys.region_code
),

surplus_shares as (
    select
        *,
        surplus_ton
        / {{ exact_window_sum('surplus_ton', '(partition by region_key, year)') }} as share
    from keyed_balances
    where surplus_ton > 0
),

deficit_shares as (
    select
        *,
        -surplus_ton
        / {{ exact_window_sum('-surplus_ton', '(partition by region_key, year)') }} as share
    from keyed_balances
    where surplus_ton < 0
),

-- one row per commodity one region has in surplus and another lacks, keyed by the unordered pair
-- (a = the lower key, so the lower code) so that both directions of a pair fall into one group
matches as (
    select
        supplier.year,
        least(supplier.region_key, receiver.region_key) as region_key_a,
        greatest(supplier.region_key, receiver.region_key) as region_key_b,
        supplier.region_key < receiver.region_key as a_supplies,
        supplier.commodity_code,
        least(supplier.share, receiver.share) as matched_share,
        least(supplier.surplus_ton, -receiver.surplus_ton) as matched_ton
    from surplus_shares as supplier
    inner join deficit_shares as receiver
        on
            supplier.commodity_code = receiver.commodity_code
            and supplier.year = receiver.year
            and supplier.level_group = receiver.level_group
            and supplier.region_key <> receiver.region_key
),

-- both directions of every pair in one aggregate (no self-join of the directed pairs), and only
-- what the ranking needs: volumes and commodity lists are added for the listed pairs alone
-- (built for all 1.9M directed pairs at national-10y, they were most of the model's 14 s)
pair_scores as (
    select
        year,
        region_key_a,
        region_key_b,
        100 * {{ exact_sum('case when a_supplies then matched_share end', 12) }}
            as complementarity_a_to_b,
        100 * {{ exact_sum('case when not a_supplies then matched_share end', 12) }}
            as complementarity_b_to_a
    from matches
    group by year, region_key_a, region_key_b
),

swaps as (
    select
        region_a.level_group,
        pair_scores.*,
        region_a.region_code as region_code_a,
        region_b.region_code as region_code_b,
        region_a.region_name as region_name_a,
        region_b.region_name as region_name_b,
        region_a.province_code as province_code_a,
        region_b.province_code as province_code_b,
        sqrt(pair_scores.complementarity_a_to_b * pair_scores.complementarity_b_to_a)
            as complementarity_index,
        pairs.distance_km,
        pairs.distance_basis,
        pairs.same_island,
        pairs.same_province
    from pair_scores
    inner join region_keys as region_a on pair_scores.region_key_a = region_a.region_key
    inner join region_keys as region_b on pair_scores.region_key_b = region_b.region_key
    inner join {{ ref('int_partner_region_pairs') }} as pairs
        on
            region_a.region_code = pairs.origin_region_code
            and region_b.region_code = pairs.destination_region_code
    -- a swap goes both ways (a sum over no match is null)
    where
        pair_scores.complementarity_a_to_b is not null
        and pair_scores.complementarity_b_to_a is not null
),

-- every swap seen from each of its two regions: a region's partners are ranked among all of
-- them, whichever side of the pair (lower or higher code) they sit on
partner_ranks as (
    select
        year,
        region_key,
        partner_key,
        -- bigints on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by year, region_key
            order by complementarity_index desc, distance_km asc, partner_key asc
        ) as bigint) as partner_rank
    from (
        select
            year,
            region_key_a as region_key,
            region_key_b as partner_key,
            complementarity_index,
            distance_km
        from swaps
        union all
        select
            year,
            region_key_b as region_key,
            region_key_a as partner_key,
            complementarity_index,
            distance_km
        from swaps
    ) as both_sides
),

-- the pairs in the top k of either of their regions
listed_pairs as (
    select distinct
        year,
        least(region_key, partner_key) as region_key_a,
        greatest(region_key, partner_key) as region_key_b
    from partner_ranks
    where partner_rank <= {{ var('partner_top_k') }}
),

-- both ranks of every listed pair, from the rows of partner_ranks that are about listed pairs
-- (a semi-join: as a join of the pairs to partner_ranks twice, DuckDB joined the two 1.3M-row
-- copies of partner_ranks to each other first)
listed_ranks as (
    select
        year,
        least(region_key, partner_key) as region_key_a,
        greatest(region_key, partner_key) as region_key_b,
        max(case when region_key < partner_key then partner_rank end) as rank_for_region_a,
        max(case when region_key > partner_key then partner_rank end) as rank_for_region_b
    from partner_ranks
    where (year, least(region_key, partner_key), greatest(region_key, partner_key)) in (
        select
            listed_pairs.year,
            listed_pairs.region_key_a,
            listed_pairs.region_key_b
        from listed_pairs
    )
    group by year, least(region_key, partner_key), greatest(region_key, partner_key)
),

ranked as (
    select
        swaps.*,
        listed_ranks.rank_for_region_a,
        listed_ranks.rank_for_region_b
    from listed_ranks
    inner join swaps
        on
            listed_ranks.year = swaps.year
            and listed_ranks.region_key_a = swaps.region_key_a
            and listed_ranks.region_key_b = swaps.region_key_b
),

-- the matches of the listed pairs alone, by a semi-join: joined to the listed pairs directly,
-- DuckDB built its hash table on the 4.4M matches (national-10y) instead of the 30k pairs
listed_matches as (
    select *
    from matches
    where (year, region_key_a, region_key_b) in (
        select
            listed_ranks.year,
            listed_ranks.region_key_a,
            listed_ranks.region_key_b
        from listed_ranks
    )
),

-- what each listed pair trades, each way, summed for those pairs alone
listed_trades as (
    select
        ranked.year,
        ranked.region_code_a,
        ranked.region_code_b,
        {{ ordered_string_agg(
            'case when matches.a_supplies then matches.commodity_code end', "', '",
            order_by=['case when matches.a_supplies then matches.commodity_code end']
        ) }} as a_to_b_commodities,
        {{ ordered_string_agg(
            'case when not matches.a_supplies then matches.commodity_code end', "', '",
            order_by=['case when not matches.a_supplies then matches.commodity_code end']
        ) }} as b_to_a_commodities,
        {{ exact_sum('case when matches.a_supplies then matches.matched_ton end') }}
            as a_to_b_volume_ton,
        {{ exact_sum('case when not matches.a_supplies then matches.matched_ton end') }}
            as b_to_a_volume_ton
    from listed_matches as matches
    inner join ranked
        on
            matches.year = ranked.year
            and matches.region_key_a = ranked.region_key_a
            and matches.region_key_b = ranked.region_key_b
    group by ranked.year, ranked.region_code_a, ranked.region_code_b
),

-- each listed pair looked up twice: as itself and as its two provinces (any commodity)
link_keys as (
    select
        ranked.year,
        ranked.region_code_a,
        ranked.region_code_b,
        scopes.link_scope,
        case scopes.link_scope when 'pair' then ranked.region_code_a else ranked.province_code_a end
            as link_code_a,
        case scopes.link_scope when 'pair' then ranked.region_code_b else ranked.province_code_b end
            as link_code_b
    from ranked
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
        ranked.region_name_a,
        ranked.region_code_b,
        ranked.region_name_b,
        listed_trades.a_to_b_commodities,
        listed_trades.b_to_a_commodities,
        {{ round_to('listed_trades.a_to_b_volume_ton', 3) }} as a_to_b_volume_ton,
        {{ round_to('listed_trades.b_to_a_volume_ton', 3) }} as b_to_a_volume_ton,
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
    inner join listed_trades
        on
            ranked.year = listed_trades.year
            and ranked.region_code_a = listed_trades.region_code_a
            and ranked.region_code_b = listed_trades.region_code_b
    left join linked
        on
            ranked.year = linked.year
            and ranked.region_code_a = linked.region_code_a
            and ranked.region_code_b = linked.region_code_b
)

select * from final
