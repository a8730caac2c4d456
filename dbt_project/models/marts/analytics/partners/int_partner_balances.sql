{{ config(schema='intermediate', materialized='view', contract={'enforced': false}) }}
{#- The balances the partner marts pair up: regions with a surplus or a deficit (no zero, no
    missing input), with the level they are paired at (province with province, kab/kota with
    kab/kota). -#}
with

balances as (
    select * from {{ ref('mart_commodity_balance') }}
    where balance_status in ('surplus', 'deficit') and surplus_ton <> 0
),

final as (
    select
        region_code,
        region_name,
        province_code,
        commodity_code,
        year,
        surplus_ton,
        case when region_level = 'provinsi' then 'provinsi' else 'kabupaten_kota' end
            as level_group
    from balances
)

select * from final
