-- Partner matching: surplus -> deficit region pairs whose price gap pays for transport.
select p.*, c.commodity_name_id, c.commodity_name_en
from mart_partner_opportunities p
join dim_commodity c using (commodity_code)
