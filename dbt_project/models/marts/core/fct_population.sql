{#- Population (jumlah penduduk) per region and year from every source that has it: BPS and
    regional statistics tables, and the Dukcapil administrative count of 2025 that dim_region
    carries for all 552 regions. Sources differ in method; each row says which it is. A figure
    the landing flagged as defective (quality_flag: a year scaled x1000) keeps its flag and no
    population, so nothing downstream takes it for a count. -#}
with

statistics as (
    select * from {{ ref('stg_bps__statistics') }}
    where measure = 'population' and period_grain = 'year'
),

dukcapil as (
    select * from {{ ref('stg_regions__population') }}
),

regions as (
    select * from {{ ref('stg_regions__kemendagri_regions') }}
),

unioned as (
    select
        source,
        geo_level,
        region_code,
        region_extent,
        year,
        case when quality_flag is null then value end as population_persons,
        quality_flag,
        source_file
    from statistics
    union all
    select
        'dukcapil' as source,
        case when regions.region_level = 'provinsi' then 'provinsi' else 'kabupaten_kota' end
            as geo_level,
        dukcapil.region_code,
        'current' as region_extent,
        2025 as year,
        cast(dukcapil.population_total as double) as population_persons,
        null as quality_flag,
        dukcapil.source_file
    from dukcapil
    inner join regions
        on dukcapil.region_code = regions.region_code
),

final as (
    select
        md5(concat_ws('|', source, geo_level, coalesce(region_code, ''), year)) as population_id,
        source,
        geo_level,
        region_code,
        region_extent,
        year,
        population_persons,
        quality_flag,
        source_file
    from unioned
)

select * from final
