-- What the published file holds: version, tables and row counts.
select version, table_name, row_count, published_at from publish_manifest
