{#- One price per source, region, commodity, market level and period: WFP reports several
    markets in one kab/kota, which are averaged here. National rows are left out.
    Only the periods some market-level row (source_market not '') reports are grouped; an
    observation of a feed that is not market-level (Bapanas, PIHPS: source_market '') is the
    region's price as it is, since the fact's key holds source_market, so no other row of that
    feed shares its period. Passing those through, with the same rounding as a group of one, spares
    a hash aggregate of one group per row (at national-10y 46M groups, 18.6 s) in each of the
    three models that read this view. Grouped one source at a time and then stacked (source is a
    key, so it is the same group-by): over the union of the sources, DuckDB's hash aggregate failed
    to spill at national-10y under a 2GB limit when the union's first branch was the small PIHPS
    table. The observations are read in place, not through a CTE: DuckDB materializes a CTE
    read more than once, here 46M rows written and read back (and it ignores `not materialized`
    in a view). -#}
{%- set period_key = [
    'source', 'geo_level', 'region_code', 'region_extent', 'commodity_code', 'market_level',
    'period_grain', 'period_start', 'period_end', 'unit'
] -%}
{%- set observation_period = [] -%}
{%- for column in period_key -%}
    {%- do observation_period.append('observation.' ~ column) -%}
{%- endfor -%}
{%- set market_level_row = "(coalesce(source_market, '') <> '')" -%}
with

{% for price_source in price_sources() %}
    {%- set observations -%}
        (
            select *
            from {{ ref('int_price_observations_unioned') }}
            where geo_level <> 'nasional' and source = '{{ price_source }}'
        )
    {%- endset %}
    {{ price_source }}_market_periods as (
        select distinct {{ period_key | join(', ') }}
        from {{ observations }} as observation
        where {{ market_level_row }}
    ),

    {{ price_source }}_regional as (
        select
            {{ observation_period | join(', ') }},
            {{ round_to(exact_value('observation.price_idr_per_unit'), 2) }} as price_idr_per_unit,
            cast(1 as bigint) as markets_reporting,
            observation.is_imputed
        from {{ observations }} as observation
        anti join {{ price_source }}_market_periods as market_period
            on {{ same_columns('market_period', 'observation', period_key) }}
        where not {{ market_level_row }}
        union all
        select
            {{ observation_period | join(', ') }},
            {{ round_to(exact_avg('observation.price_idr_per_unit'), 2) }} as price_idr_per_unit,
            count(*) as markets_reporting,
            bool_or(observation.is_imputed) as is_imputed
        from {{ observations }} as observation
        semi join {{ price_source }}_market_periods as market_period
            on {{ same_columns('market_period', 'observation', period_key) }}
        group by {{ observation_period | join(', ') }}
    ),

{% endfor %}
final as (
    {% for price_source in price_sources() %}
        select * from {{ price_source }}_regional
        {% if not loop.last %} union all {% endif %}
    {% endfor %}
)

select * from final
