-- Surplus/defisit per region, commodity and year: production (edible form) against need
-- (population x consumption per capita). Rows without production data are left out.
select b.region_code, b.region_name, b.region_level, b.province_code, r.province_name,
    r.island_group, b.commodity_code, c.commodity_name_id, c.commodity_name_en, b.year,
    b.production_edible_ton, b.need_ton, b.surplus_ton, b.self_sufficiency_ratio,
    b.balance_status, b.production_basis, b.consumption_basis, b.quality_flag
from mart_commodity_balance b
join dim_region r using (region_code)
join dim_commodity c using (commodity_code)
where b.balance_status in ('surplus', 'deficit', 'balanced')
