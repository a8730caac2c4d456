{#-
  Mitra pemasok: for each commodity, year and region short of it (defisit), the regions with a
  surplus that could supply it at a profit, best first. A pair (origin i -> destination j) is kept
  when it passes the arbitrage test P_j - P_i > cost_ij, cost_ij = road distance_ij (or the
  great-circle distance x circuity where no road table covers the pair: distance_basis) x freight
  per ton-km + an inter-island surcharge when i and j are not on one island (parameters in the
  partner_cost_parameters seed). Pairs are built surplus x deficit per commodity and year
  only, distances come from the precomputed pair table, and only the top-k origins per destination
  (var partner_top_k) are kept, so the 514 x 513 x commodities grid is never materialised.
  Period: the year, because balances are yearly (production statistics have no month).
  score = 0.5 x deficit_coverage_share + 0.5 x net_margin_share, both in (0, 1]: how much of the
  destination's deficit the origin can fill, and how much of the destination price is left after
  delivery; rank 1 is the highest score (ties: nearer origin, then origin code).
-#}
with

balances as (
    select * from {{ ref('int_partner_balances') }}
),

origins as (
    select * from balances
    where surplus_ton > 0
),

destinations as (
    select * from balances
    where surplus_ton < 0
),

prices as (
    select * from {{ ref('int_partner_prices') }}
),

pairs as (
    select * from {{ ref('int_partner_region_pairs') }}
),

parameters as (
    select
        max(value) filter (where parameter = 'road_freight_idr_per_ton_km')
            as freight_idr_per_ton_km,
        max(value) filter (where parameter = 'road_circuity_factor') as circuity_factor,
        max(value) filter (where parameter = 'inter_island_surcharge_idr_per_kg')
            as surcharge_idr_per_kg
    from {{ ref('partner_cost_parameters') }}
),

links as (
    select * from {{ ref('int_partner_agreement_links') }}
),

candidates as (
    select
        destinations.commodity_code,
        destinations.year,
        destinations.level_group,
        destinations.region_code as destination_region_code,
        destinations.region_name as destination_region_name,
        destinations.province_code as destination_province_code,
        -destinations.surplus_ton as destination_deficit_ton,
        origins.region_code as origin_region_code,
        origins.region_name as origin_region_name,
        origins.province_code as origin_province_code,
        origins.surplus_ton as origin_surplus_ton,
        least(origins.surplus_ton, -destinations.surplus_ton) as tradable_volume_ton,
        origin_prices.price_idr_per_kg as origin_price_idr_per_kg,
        origin_prices.price_basis as origin_price_basis,
        destination_prices.price_idr_per_kg as destination_price_idr_per_kg,
        destination_prices.price_basis as destination_price_basis,
        origin_prices.price_source,
        pairs.distance_km,
        pairs.distance_basis,
        pairs.same_island,
        pairs.same_province,
        pairs.distance_km
        * case when pairs.distance_basis = 'road' then 1 else parameters.circuity_factor end
        * parameters.freight_idr_per_ton_km / 1000 as transport_cost_idr_per_kg,
        case when pairs.same_island then 0 else parameters.surcharge_idr_per_kg end
            as inter_island_surcharge_idr_per_kg
    from destinations
    inner join origins
        on
            destinations.commodity_code = origins.commodity_code
            and destinations.year = origins.year
            and destinations.level_group = origins.level_group
    inner join pairs
        on
            origins.region_code = pairs.origin_region_code
            and destinations.region_code = pairs.destination_region_code
    inner join prices as origin_prices
        on
            origins.region_code = origin_prices.region_code
            and origins.commodity_code = origin_prices.commodity_code
            and origins.year = origin_prices.year
    inner join prices as destination_prices
        on
            destinations.region_code = destination_prices.region_code
            and destinations.commodity_code = destination_prices.commodity_code
            and destinations.year = destination_prices.year
    cross join parameters
),

profitable as (
    select
        *,
        transport_cost_idr_per_kg + inter_island_surcharge_idr_per_kg as delivered_cost_idr_per_kg,
        destination_price_idr_per_kg - origin_price_idr_per_kg as price_gap_idr_per_kg,
        destination_price_idr_per_kg - origin_price_idr_per_kg
        - transport_cost_idr_per_kg - inter_island_surcharge_idr_per_kg as net_margin_idr_per_kg
    from candidates
    where
        destination_price_idr_per_kg - origin_price_idr_per_kg
        > transport_cost_idr_per_kg + inter_island_surcharge_idr_per_kg
),

scored as (
    select
        *,
        tradable_volume_ton / destination_deficit_ton as deficit_coverage_share,
        net_margin_idr_per_kg / destination_price_idr_per_kg as net_margin_share
    from profitable
),

ranked as (
    select
        *,
        0.5 * deficit_coverage_share + 0.5 * net_margin_share as score,
        -- a bigint on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by commodity_code, year, destination_region_code
            order by
                0.5 * deficit_coverage_share + 0.5 * net_margin_share desc,
                distance_km asc,
                origin_region_code asc
        ) as bigint) as rank_for_destination
    from scored
    qualify rank_for_destination <= {{ var('partner_top_k') }}
),

-- each listed pair looked up twice: as itself and as its two provinces
link_keys as (
    select
        ranked.commodity_code,
        ranked.year,
        ranked.destination_region_code,
        ranked.origin_region_code,
        scopes.link_scope,
        case scopes.link_scope
            when 'pair' then ranked.origin_region_code else ranked.origin_province_code
        end as region_code_a,
        case scopes.link_scope
            when 'pair' then ranked.destination_region_code
            else ranked.destination_province_code
        end as region_code_b
    from ranked
    cross join (values ('pair'), ('provinces')) as scopes (link_scope)
),

linked as (
    select
        link_keys.commodity_code,
        link_keys.year,
        link_keys.destination_region_code,
        link_keys.origin_region_code,
        -- 'pair' sorts before 'provinces': the closer link is reported
        min(links.link_scope) as agreement_scope,
        {{ ordered_string_agg(
            'links.agreement_id', "', '", order_by=['links.agreement_id'], distinct=true
        ) }} as agreement_ids
    from link_keys
    inner join links
        on
            link_keys.link_scope = links.link_scope
            and link_keys.commodity_code = links.commodity_code
            and link_keys.region_code_a = links.region_code_a
            and link_keys.region_code_b = links.region_code_b
    group by all
),

final as (
    select
        ranked.commodity_code,
        ranked.year,
        'year' as period_grain,
        ranked.level_group as region_level,
        ranked.destination_region_code,
        ranked.destination_region_name,
        ranked.destination_province_code,
        ranked.rank_for_destination,
        ranked.origin_region_code,
        ranked.origin_region_name,
        ranked.origin_province_code,
        {{ round_to('ranked.destination_deficit_ton', 3) }} as destination_deficit_ton,
        {{ round_to('ranked.origin_surplus_ton', 3) }} as origin_surplus_ton,
        {{ round_to('ranked.tradable_volume_ton', 3) }} as tradable_volume_ton,
        ranked.origin_price_idr_per_kg,
        ranked.origin_price_basis,
        ranked.destination_price_idr_per_kg,
        ranked.destination_price_basis,
        ranked.origin_price_basis <> 'region series'
        or ranked.destination_price_basis <> 'region series' as uses_province_price,
        ranked.price_source,
        {{ round_to('ranked.price_gap_idr_per_kg', 2) }} as price_gap_idr_per_kg,
        ranked.distance_km,
        ranked.distance_basis,
        ranked.same_island,
        ranked.same_province,
        {{ round_to('ranked.transport_cost_idr_per_kg', 2) }} as transport_cost_idr_per_kg,
        {{ round_to('ranked.inter_island_surcharge_idr_per_kg', 2) }} as inter_island_surcharge_idr_per_kg,
        {{ round_to('ranked.delivered_cost_idr_per_kg', 2) }} as delivered_cost_idr_per_kg,
        {{ round_to('ranked.net_margin_idr_per_kg', 2) }} as net_margin_idr_per_kg,
        {{ round_to('ranked.tradable_volume_ton * 1000 * ranked.origin_price_idr_per_kg', 0) }}
            as trade_value_idr,
        {{ round_to('ranked.tradable_volume_ton * 1000 * ranked.net_margin_idr_per_kg', 0) }}
            as net_gain_idr,
        {{ round_to('ranked.deficit_coverage_share', 4) }} as deficit_coverage_share,
        {{ round_to('ranked.net_margin_share', 4) }} as net_margin_share,
        {{ round_to('ranked.score', 4) }} as score,
        linked.agreement_scope is not null as has_agreement,
        linked.agreement_scope,
        linked.agreement_ids
    from ranked
    left join linked
        on
            ranked.commodity_code = linked.commodity_code
            and ranked.year = linked.year
            and ranked.destination_region_code = linked.destination_region_code
            and ranked.origin_region_code = linked.origin_region_code
)

select * from final
