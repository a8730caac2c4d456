-- The floor: the key marts computed by one hand-written DuckDB script straight from the generated
-- files, with no orchestration, no validation, no quarantine, no incremental bookkeeping and no
-- publication. It is what the warehouse's work costs at the least. `{landing}`, `{truth}` and
-- `{seeds}` are folders, filled in by benchmarks/floor.py; `-- stage:` lines split the timing.

-- stage: load
create or replace table regions as
select slug, region_code, name, province_code, latitude::double as latitude, longitude::double as longitude
from read_csv('{truth}/regions.csv', all_varchar = true);

create or replace table commodity_map as
select crosswalk.source_name, crosswalk.commodity_code, commodities.parent_code
from read_csv('{seeds}/commodity_crosswalk.csv', all_varchar = true) as crosswalk
join read_csv('{seeds}/commodities.csv', all_varchar = true) as commodities using (commodity_code)
where crosswalk.source = 'bapanas';

create or replace table price_fact as
select
    regions.region_code,
    commodity_map.commodity_code,
    commodity_map.parent_code,
    prices.Timestamp::date as day,
    prices.Harga::double as price
from read_csv('{landing}/bapanas/*.csv', filename = true, header = true,
    columns = {'Timestamp': 'varchar', 'ID': 'varchar', 'Komoditas': 'varchar', 'Satuan': 'varchar', 'Harga': 'varchar'}) as prices
join regions
    on regions.slug = regexp_replace(regexp_extract(prices.filename, '([^/]+)\.csv$', 1), '^\d{4}-\d{2}-\d{2}_', '')
join commodity_map on commodity_map.source_name = prices.Komoditas
where prices.Harga::double > 0;

-- stage: disparity
create or replace table disparity_daily as
select commodity_code, day, count(*) as regions, avg(price) as mean_price,
    stddev_samp(price) / avg(price) * 100 as cv_pct, min(price) as min_price, max(price) as max_price
from price_fact
group by commodity_code, day;

create or replace table prices_monthly as
select region_code, commodity_code, parent_code, date_trunc('month', day) as month, avg(price) as price
from price_fact
group by all;

create or replace table disparity_monthly as
select commodity_code, month, count(*) as regions, avg(price) as mean_price,
    stddev_samp(price) / avg(price) * 100 as cv_pct
from prices_monthly
group by commodity_code, month;

-- stage: balance
create or replace table crop_map as
select * from (values
    ('Padi', 'Beras', 'beras', 0.6274), ('Jagung', 'Jagung', 'jagung', 1.0),
    ('Kedelai', 'Kedelai', 'kedelai', 1.0), ('Kacang Tanah', 'Kacang Tanah', 'kacang_tanah', 1.0),
    ('Kacang Hijau', 'Kacang Hijau', 'kacang_hijau', 1.0), ('Ubi Kayu', 'Ubi Kayu', 'ubi_kayu', 1.0),
    ('Ubi Jalar', 'Ubi Jalar', 'ubi_jalar', 1.0)
) as t (crop, food, commodity_code, factor);

create or replace table balance as
with production as (
    select regions.region_code, crop_map.commodity_code, p.tahun::int as year,
        p.produksi::double * crop_map.factor as production_ton
    from read_csv('{landing}/bps/produksi_pangan_kabkota.csv', delim = ';', header = true, all_varchar = true) as p
    join regions on regions.name = p.kabupaten_kota
    join crop_map on crop_map.crop = p.komoditas
),
population as (
    select regions.region_code, p.tahun::int as year, p.jumlah_penduduk::double as persons
    from read_csv('{landing}/bps/penduduk_kabkota.csv', header = true, all_varchar = true) as p
    join regions on regions.name = p.kab_kota
),
consumption as (
    select regions.region_code, crop_map.commodity_code, c.Tahun::int as year,
        replace(c."Konsumsi Pangan", ',', '.')::double as kg_per_capita
    from read_csv('{landing}/bps/konsumsi_pangan_kabkota.csv', delim = ';', header = true, all_varchar = true) as c
    join regions on regions.name = c.Kabupaten_Kota
    join crop_map on crop_map.food = c.Komoditas
)
select production.region_code, production.commodity_code, production.year, production_ton,
    persons * kg_per_capita / 1000 as need_ton,
    production_ton - persons * kg_per_capita / 1000 as surplus_ton
from production
join population using (region_code, year)
join consumption using (region_code, commodity_code, year);

-- stage: partner
create or replace table partner_top10 as
with yearly_prices as (
    select region_code, coalesce(parent_code, commodity_code) as commodity_code, year(month) as year,
        avg(price) as price
    from prices_monthly
    group by all
),
candidates as (
    select d.commodity_code, d.year, d.region_code as destination, o.region_code as origin,
        least(o.surplus_ton, -d.surplus_ton) as volume_ton, -d.surplus_ton as deficit_ton,
        dp.price as destination_price, op.price as origin_price,
        2 * 6371.0088 * asin(sqrt(pow(sin(radians(rd.latitude - ro.latitude) / 2), 2)
            + cos(radians(ro.latitude)) * cos(radians(rd.latitude))
            * pow(sin(radians(rd.longitude - ro.longitude) / 2), 2))) as distance_km
    from balance as d
    join balance as o on o.commodity_code = d.commodity_code and o.year = d.year and o.surplus_ton > 0
    join yearly_prices as dp on dp.region_code = d.region_code and dp.commodity_code = d.commodity_code and dp.year = d.year
    join yearly_prices as op on op.region_code = o.region_code and op.commodity_code = o.commodity_code and op.year = o.year
    join regions as rd on rd.region_code = d.region_code
    join regions as ro on ro.region_code = o.region_code
    where d.surplus_ton < 0
),
scored as (
    select *, distance_km * 1.3 * 1500 / 1000 as cost,
        destination_price - origin_price - distance_km * 1.3 * 1.5 as margin
    from candidates
    where destination_price - origin_price > distance_km * 1.3 * 1.5
)
select *, 0.5 * volume_ton / deficit_ton + 0.5 * margin / destination_price as score
from scored
qualify row_number() over (partition by commodity_code, year, destination
    order by 0.5 * volume_ton / deficit_ton + 0.5 * margin / destination_price desc, distance_km, origin) <= 10;
