"""Settings that two runtimes must agree on, declared once and tied here where a copy remains.

The landing cannot read dbt's vars or profile at run time, so where a value lives in both, this
test says when the copies drift apart."""

import re

import yaml

from orchestration.defs.ingest.prices import RAW
from orchestration.resources import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_VARIABLE
from sources.common.paths import REPO_ROOT

DBT = REPO_ROOT / "dbt_project"


def test_the_landing_records_the_price_period_key_dbt_recomputes_by():
    project = yaml.safe_load((DBT / "dbt_project.yml").read_text())
    key = tuple(project["vars"]["price_period_key"])
    assert {raw.touched for raw in RAW.values()} == {key}


def test_dbt_and_the_python_steps_default_to_the_same_duckdb_memory_limit():
    profile = (DBT / "profiles.yml").read_text()
    assert f"env_var('{MEMORY_LIMIT_VARIABLE}', '{DEFAULT_MEMORY_LIMIT}')" in profile


def test_the_models_aggregate_every_price_source_the_landing_fills():
    """int_prices_regional and the coverage aggregate one source at a time, from the list in
    macros/price_sources.sql: a source missing there would silently drop its prices."""
    macro = (DBT / "macros" / "price_sources.sql").read_text()
    listed = re.search(r"return\(\[(.*?)\]\)", macro).group(1)
    sources = {name.strip(" '\"") for name in listed.split(",")}
    assert sources == {raw.table.split(".")[1] for raw in RAW.values()}
    unioned = (DBT / "models/intermediate/prices/int_price_observations_unioned.sql").read_text()
    assert set(re.findall(r"ref\('stg_prices__(\w+)'\)", unioned)) == sources
