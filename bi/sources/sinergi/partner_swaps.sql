-- Two-way partners: pairs of regions whose surpluses complement each other's deficits.
select * from mart_partner_swaps
