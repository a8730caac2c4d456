"""`target` for sqlfluff's jinja templater: the linter reads the models as DuckDB builds them."""

type = "duckdb"
name = "duckdb"
