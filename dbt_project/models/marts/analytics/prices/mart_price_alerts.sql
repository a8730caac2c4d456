{{
  config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source', 'commodity_code'],
    on_schema_change='fail',
    meta={'publish_watermark': 'built_through_ingest_at'}
  )
}}
{#-
  Price anomalies per source, region, commodity, market level and month: the FAO IPA
  (int_price_ipa) with its class, the WFP ALPS (int_price_alps) with its phase, and the gap to the
  government reference price in force on the first day of the month in the zone of the region's
  province, at the series' market level: the HET (a retail ceiling) and the Bapanas HAP (harga
  acuan, producer or consumer level). A variant (beras kualitas medium I) is held to its
  commodity's reference when it has none of its own (kedelai impor to its own HAP, not to local
  kedelai's). A HAP given as a range, or for several product forms of one commodity (fresh beef by
  cut), is held to the highest price it allows, so a breach is above every form's reference.
  IPA classes: >= 1 high, 0.5-1 moderately high, -0.5-0.5 normal, below low.
  ALPS phases: < 0.25 normal, 0.25-1 stress, 1-2 alert, >= 2 crisis; fewer than 36 months: the
  row says so and ALPS is null. Incremental: the series of the (source, commodity) that landings
  touched since the last build are recomputed whole (ALPS refits the whole series).
-#}
-- depends_on: {{ ref('stg_prices__touched_periods') }} (read by touched_price_series_filter)
with

monthly as (
    select * from {{ ref('int_prices_monthly') }}
    where
        geo_level <> 'nasional'
        {% if is_incremental() %} and {{ touched_price_series_filter(this) }} {% endif %}
),

ipa as (
    select * from {{ ref('int_price_ipa') }}
    {% if is_incremental() %} where {{ touched_price_series_filter(this) }} {% endif %}
),

alps as (
    select * from {{ ref('int_price_alps') }}
    {% if is_incremental() %} where {{ touched_price_series_filter(this) }} {% endif %}
),

watermark as (
    select max(ingested_at) as built_through_ingest_at
    from {{ ref('stg_prices__touched_periods') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

commodities as (
    select * from {{ ref('dim_commodity') }}
),

zones as (
    select * from {{ ref('reference_price_zones') }}
),

reference_prices as (
    select
        commodity_code,
        reference_type,
        'retail' as market_level,
        zone,
        price_idr_per_unit,
        effective_from,
        effective_to,
        regulation
    from {{ ref('reference_prices') }}
    union all
    select
        commodity_code,
        reference_type,
        market_level,
        zone,
        max(price_max_idr_per_unit) as price_idr_per_unit,
        effective_from,
        effective_to,
        regulation
    from {{ ref('hap_reference_prices') }}
    group by all
),

-- the references each commodity is held to: its own, else its parent's (per type and level)
commodity_references as (
    select
        commodities.commodity_code,
        reference_prices.reference_type,
        reference_prices.market_level,
        reference_prices.zone,
        reference_prices.price_idr_per_unit,
        reference_prices.effective_from,
        reference_prices.effective_to,
        reference_prices.regulation
    from commodities
    inner join reference_prices
        on reference_prices.commodity_code in (commodities.commodity_code, commodities.parent_code)
    qualify rank() over (
        partition by
            commodities.commodity_code, reference_prices.reference_type, reference_prices.market_level
        order by (reference_prices.commodity_code = commodities.commodity_code) desc
    ) = 1
),

indicators as (
    select
        monthly.*,
        ipa.cqgr,
        ipa.cagr,
        ipa.ipa,
        ipa.ipa_note,
        alps.months_in_series,
        alps.alps
    from monthly
    inner join ipa
        on
            monthly.source = ipa.source
            and monthly.region_code = ipa.region_code
            and monthly.commodity_code = ipa.commodity_code
            and monthly.market_level = ipa.market_level
            and monthly.month_start = ipa.month_start
    inner join alps
        on
            monthly.source = alps.source
            and monthly.region_code = alps.region_code
            and monthly.commodity_code = alps.commodity_code
            and monthly.market_level = alps.market_level
            and monthly.month_start = alps.month_start
),

with_reference as (
    select
        indicators.*,
        references_.price_idr_per_unit as reference_price_idr_per_unit,
        references_.reference_type,
        references_.regulation as reference_regulation
    from indicators
    inner join regions
        on indicators.region_code = regions.region_code
    left join zones
        on regions.province_code = zones.province_code
    left join commodity_references as references_
        on
            indicators.commodity_code = references_.commodity_code
            -- retail references hold for retail, retail_traditional and retail_modern series
            and left(indicators.market_level, length(references_.market_level))
            = references_.market_level
            and (references_.zone is null or zones.zone = references_.zone)
            and indicators.month_start >= references_.effective_from
            and indicators.month_start <= coalesce(references_.effective_to, date '9999-12-31')
),

final as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        commodity_code,
        market_level,
        month_start,
        from_grain,
        price_idr_per_unit,
        observations,
        is_imputed,
        cqgr,
        cagr,
        ipa,
        case
            when ipa is null then 'not computed'
            when ipa >= 1 then 'high'
            when ipa >= 0.5 then 'moderately high'
            when ipa >= -0.5 then 'normal'
            else 'low'
        end as ipa_class,
        ipa_note,
        months_in_series,
        alps,
        case
            when alps is null then 'not computed'
            when alps >= 2 then 'crisis'
            when alps >= 1 then 'alert'
            when alps >= 0.25 then 'stress'
            else 'normal'
        end as alps_phase,
        case
            when months_in_series < 36
                then 'fewer than 36 months of data (' || months_in_series || '): ALPS not computed'
        end as alps_note,
        reference_type,
        reference_regulation,
        reference_price_idr_per_unit,
        {{ round_to(
            '(price_idr_per_unit - reference_price_idr_per_unit)'
            ~ ' / reference_price_idr_per_unit * 100',
            4
        ) }} as reference_gap_pct,
        coalesce(price_idr_per_unit > reference_price_idr_per_unit, false) as is_above_reference,
        (select watermark.built_through_ingest_at from watermark) as built_through_ingest_at
    from with_reference
)

select * from final
