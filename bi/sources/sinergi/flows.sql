-- Commodity flows committed or delivered under agreements.
select f.flow_id, f.agreement_id, f.origin_region_code, o.region_name as origin_region_name,
    f.destination_region_code, d.region_name as destination_region_name, f.commodity_code,
    f.flow_date, f.flow_type, f.quantity_ton, f.is_approximate
from fct_flow f
left join dim_region o on o.region_code = f.origin_region_code
left join dim_region d on d.region_code = f.destination_region_code
