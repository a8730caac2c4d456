-- Price alerts: region-months whose IPA or ALPS signals trouble, or whose price is above the
-- government reference price (HET/HAP). Quiet region-months are left out: they are most rows.
select a.source, a.geo_level, a.region_code, r.region_name, r.province_name, a.commodity_code,
    c.commodity_name_id, c.commodity_name_en, a.market_level, a.month_start,
    a.price_idr_per_unit, a.ipa, a.ipa_class, a.alps, a.alps_phase, a.reference_type,
    a.reference_price_idr_per_unit, a.reference_gap_pct, a.is_above_reference
from mart_price_alerts a
join dim_region r using (region_code)
join dim_commodity c using (commodity_code)
where a.ipa_class in ('moderately high', 'high')
    or a.alps_phase in ('alert', 'crisis')
    or a.is_above_reference
