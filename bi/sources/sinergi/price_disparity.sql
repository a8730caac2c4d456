-- Disparitas harga: spread of prices across regions per commodity and period (one row per
-- source, commodity, market level, geography level and period); the per-region list is left out.
select d.source, d.commodity_code, c.commodity_name_id, c.commodity_name_en, d.market_level,
    d.geo_level, d.period_grain, d.period_start, d.unit, d.regions_reporting,
    d.mean_price_idr_per_unit, d.cv_pct, d.min_price_idr_per_unit, d.max_price_idr_per_unit,
    d.max_min_ratio, d.cheapest_region_name, d.dearest_region_name
from mart_price_disparity d
join dim_commodity c using (commodity_code)
