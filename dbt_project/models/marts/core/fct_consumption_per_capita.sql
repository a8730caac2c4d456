{#- Per-capita consumption (konsumsi per kapita) in kg per person per year: regional figures as
    published (already per year), and the national figures of the seed (BPS Susenas, Badan
    Pangan Nasional: the publisher is the source), converted from their monthly or weekly form
    (the conversion is said in conversion_note). -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where measure = 'consumption_per_capita' and period_grain = 'year'
),

national as (
    select * from {{ ref('national_consumption_per_capita') }}
),

unioned as (
    select
        source,
        geo_level,
        region_code,
        commodity_code,
        year,
        case when quality_flag is null then value end as kg_per_capita_year,
        coalesce(source_unit, unit) as reported_unit,
        case
            when unit_factor is null or unit_factor = 1 then 'reported per year'
            else 'converted from ' || source_unit || ' x ' || round(unit_factor, 6)
        end as conversion_note,
        quality_flag,
        source_file
    from statistics
    union all
    select
        publisher as source,
        'nasional' as geo_level,
        null as region_code,
        commodity_code,
        year,
        kg_per_capita_year,
        reported_unit,
        case
            when months_per_year = 1 then 'reported per year'
            else 'converted from ' || reported_unit || ' x ' || months_per_year
        end as conversion_note,
        null as quality_flag,
        'dbt_project/seeds/national_consumption_per_capita.csv' as source_file
    from national
),

final as (
    select
        md5(concat_ws('|', source, geo_level, coalesce(region_code, ''), commodity_code, year))
            as consumption_id,
        source,
        geo_level,
        region_code,
        commodity_code,
        year,
        kg_per_capita_year,
        reported_unit,
        conversion_note,
        quality_flag,
        source_file
    from unioned
)

select * from final
