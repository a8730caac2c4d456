"""Settings that two runtimes must agree on, declared once and tied here where a copy remains.

The landing cannot read dbt's vars or profile at run time, so where a value lives in both, this
test says when the copies drift apart."""

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
