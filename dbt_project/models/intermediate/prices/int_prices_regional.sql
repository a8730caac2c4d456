{#- One price per source, region, commodity, market level and period: WFP reports several
    markets in one kab/kota, which are averaged here. National rows are left out.
    Aggregated one source at a time and then stacked (source is a key, so it is the same
    group-by): over the union of the sources, DuckDB's hash aggregate failed to spill at
    national-10y under a 2GB limit when the union's first branch was the small PIHPS table. -#}
with

{% for price_source in price_sources() %}
    {{ price_source }}_regional as (
        select
            source,
            geo_level,
            region_code,
            region_extent,
            commodity_code,
            market_level,
            period_grain,
            period_start,
            period_end,
            unit,
            {{ round_to(exact_avg('price_idr_per_unit'), 2) }} as price_idr_per_unit,
            count(*) as markets_reporting,
            bool_or(is_imputed) as is_imputed
        from {{ ref('int_price_observations_unioned') }}
        where geo_level <> 'nasional' and source = '{{ price_source }}'
        group by
            source, geo_level, region_code, region_extent, commodity_code, market_level,
            period_grain, period_start, period_end, unit
    ),

{% endfor %}
final as (
    {% for price_source in price_sources() %}
        select * from {{ price_source }}_regional
        {% if not loop.last %} union all {% endif %}
    {% endfor %}
)

select * from final
