{#- The price sources: one raw table and one staging model each (stg_prices__<source>), stacked by
    int_price_observations_unioned. Models that aggregate the price observations do it one source
    at a time (see int_prices_regional for why). -#}
{% macro price_sources() -%}
    {{ return(['pihps', 'bapanas', 'wfp']) }}
{%- endmacro %}
