{#-
  The same agreement is often told several times: by a register and by news articles, or by
  several articles. A news record is linked to another record when both name the same set of
  regions (at least two), their dates are at most 31 days apart (or one has no date) and they
  share a commodity group (or one names none). Register rows are never merged with each other: a
  register lists distinct instruments even between the same parties on the same day. A news
  record's agreement is the matching register record (same instrument first, then the first
  listed), else the first matching news record; every record keeps its own row here. Records
  of one article are never linked to each other: an article that tells two agreements between
  the same regions (a government MoU and the cooperatives' PKS beneath it) tells two.
-#}
with

agreements as (
    select * from {{ ref('stg_agreements__agreements') }}
),

party_sets as (
    select
        agreement_key,
        {{ distinct_list('region_code', sorted=true) }} as regions
    from {{ ref('stg_agreements__parties') }}
    where region_code is not null
    group by agreement_key
),

-- compared at group level, so one article's telur and another's telur ayam ras match; a record
-- that names a category (bumbu for "cabai") matches any commodity of that category, and one that
-- names food in general ("pangan (umum)") matches any
commodity_sets as (
    select
        agreement_commodities.agreement_key,
        {{ distinct_list(
            'coalesce(commodities.group_code, agreement_commodities.commodity_code)', sorted=true
        ) }} as commodities,
        {{ distinct_list('commodities.category_code') }} as categories,
        {{ distinct_list(
            'agreement_commodities.commodity_code', filter='commodities.group_code is null'
        ) }} as general,
        coalesce(bool_or(commodities.parent_code is null), false) as names_any
    from {{ ref('stg_agreements__commodities') }} as agreement_commodities
    left join {{ ref('int_commodity_hierarchy_resolved') }} as commodities
        on agreement_commodities.commodity_code = commodities.commodity_code
    group by agreement_commodities.agreement_key
),

records as (
    select
        agreements.*,
        party_sets.regions,
        commodity_sets.commodities,
        commodity_sets.categories,
        commodity_sets.general,
        commodity_sets.names_any
    from agreements
    left join party_sets
        on agreements.agreement_key = party_sets.agreement_key
    left join commodity_sets
        on agreements.agreement_key = commodity_sets.agreement_key
),

matches as (
    select
        news.agreement_key,
        other.agreement_key as matched_key,
        row_number() over (
            partition by news.agreement_key
            order by
                (other.source = 'register') desc,
                (other.instrument = news.instrument) desc,
                other.source_file asc,
                other.source_row asc
        ) as preference
    from records as news
    inner join records as other
        on
            news.regions = other.regions
            and news.agreement_key <> other.agreement_key
            and news.source_file <> other.source_file
            and {{ list_length('news.regions') }} >= 2
            and (
                news.signing_date is null or other.signing_date is null
                or abs({{ date_diff_in('day', 'news.signing_date', 'other.signing_date') }}) <= 31
            )
            and (
                news.commodities is null or other.commodities is null
                or news.names_any or other.names_any
                or {{ list_length(list_intersection('news.commodities', 'other.commodities')) }} > 0
                or {{ list_length(list_intersection('news.general', 'other.categories')) }} > 0
                or {{ list_length(list_intersection('other.general', 'news.categories')) }} > 0
            )
    where
        news.source = 'news'
        -- a news record links to a register record, or to an earlier news record
        and (other.source = 'register' or other.agreement_key < news.agreement_key)
),

first_hop as (
    select
        agreement_key,
        matched_key
    from matches
    where preference = 1
),

-- a record linked to a record that is itself linked (through an undated one) takes that one's
-- agreement, so every canonical_key stands for itself
hops as (
    select
        first_hop.agreement_key,
        coalesce(second_hop.matched_key, first_hop.matched_key) as matched_key
    from first_hop
    left join first_hop as second_hop
        on first_hop.matched_key = second_hop.agreement_key
),

final as (
    select
        records.agreement_key,
        coalesce(hops.matched_key, records.agreement_key) as canonical_key,
        hops.matched_key is null as is_canonical,
        records.source,
        records.source_agreement_id,
        records.confidence,
        records.regions,
        records.commodities
    from records
    left join hops
        on records.agreement_key = hops.agreement_key
)

select * from final
