-- Kerja sama antar daerah: each agreement and commodity with prices before and after signing.
select m.* exclude (party_region_codes), c.commodity_name_id, c.commodity_name_en
from mart_agreement_monitor m
left join dim_commodity c using (commodity_code)
