"""The dbt layers mean what their folders say (dbt_project.yml writes the rules down):

- staging reads only sources and seeds;
- intermediate never reads a mart (core or analytics);
- core never reads analytics;
- every model's Dagster group is its warehouse schema, and a published schema (core, analytics)
  holds only models under marts/.

The rules are checked on dbt's own manifest, so a new ref that breaks one fails here with the
model and the node it reads.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sources.common.paths import REPO_ROOT

DBT_DIR = REPO_ROOT / "dbt_project"
MANIFEST = DBT_DIR / "target" / "manifest.json"
PUBLISHED_SCHEMAS = {"core", "analytics"}


def layer_of(node: dict) -> str:
    """staging, intermediate, core, analytics, seed, snapshot or source, from where it lives."""
    kind = node["resource_type"]
    if kind != "model":
        return kind
    parts = Path(node["original_file_path"]).parts  # models/<layer>/... or models/marts/<x>/...
    return parts[2] if parts[1] == "marts" else parts[1]


FORBIDDEN = {
    "staging": {"staging", "intermediate", "core", "analytics", "snapshot"},
    "intermediate": {"core", "analytics"},
    "core": {"analytics"},
}


def layer_violations(manifest: dict) -> list[str]:
    """One sentence per model that reads a node its layer may not read, or sits in a schema its
    folder does not allow."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    problems = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = layer_of(node)
        for parent_id in node["depends_on"]["nodes"]:
            parent_layer = layer_of(nodes[parent_id])
            if parent_layer in FORBIDDEN.get(layer, set()):
                problems.append(
                    f"{node['original_file_path']} ({layer}) reads {nodes[parent_id]['name']} "
                    f"({parent_layer})"
                )
        schema = node["config"]["schema"]
        if schema in PUBLISHED_SCHEMAS and layer not in PUBLISHED_SCHEMAS:
            problems.append(
                f"{node['original_file_path']} ({layer}) is built in the published schema {schema}"
            )
    return sorted(problems)


@pytest.fixture(scope="module")
def manifest() -> dict:
    """dbt's manifest, re-parsed when a model or yml is newer than it (make does the same)."""
    sources = [p for p in (DBT_DIR / "models").rglob("*") if p.is_file()]
    sources.append(DBT_DIR / "dbt_project.yml")
    newest = max(p.stat().st_mtime for p in sources)
    if not MANIFEST.exists() or MANIFEST.stat().st_mtime < newest:
        dbt = Path(sys.executable).parent / "dbt"
        subprocess.run([str(dbt), "parse", "--quiet"], cwd=DBT_DIR, check=True)
    return json.loads(MANIFEST.read_text())


def test_every_model_reads_only_what_its_layer_may(manifest):
    assert layer_violations(manifest) == []


def test_a_model_that_breaks_a_layer_rule_is_named(manifest):
    """Make int_prices_regional read dim_region and a staging model read an intermediate one:
    both are reported; the real manifest, untouched, reports nothing (above)."""
    broken = json.loads(json.dumps(manifest))
    by_name = {n["name"]: i for i, n in broken["nodes"].items() if n["resource_type"] == "model"}
    broken["nodes"][by_name["int_prices_regional"]]["depends_on"]["nodes"].append(
        by_name["dim_region"]
    )
    broken["nodes"][by_name["stg_prices__pihps"]]["depends_on"]["nodes"].append(
        by_name["int_prices_regional"]
    )
    broken["nodes"][by_name["fct_production"]]["depends_on"]["nodes"].append(
        by_name["mart_commodity_balance"]
    )
    assert layer_violations(broken) == [
        "models/intermediate/prices/int_prices_regional.sql (intermediate) reads dim_region (core)",
        "models/marts/core/fct_production.sql (core) reads mart_commodity_balance (analytics)",
        "models/staging/prices/stg_prices__pihps.sql (staging) reads int_prices_regional "
        "(intermediate)",
    ]


def test_a_helper_in_a_published_schema_is_named(manifest):
    broken = json.loads(json.dumps(manifest))
    node = next(n for n in broken["nodes"].values() if n["name"] == "int_prices_monthly")
    node["config"]["schema"] = "analytics"
    assert layer_violations(broken) == [
        "models/intermediate/prices/int_prices_monthly.sql (intermediate) is built in the "
        "published schema analytics"
    ]


def test_the_dagster_group_is_the_warehouse_schema(manifest):
    from orchestration.defs.warehouse.assets import group_for

    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed", "snapshot"):
            assert group_for(node) == node["config"]["schema"], node["name"]
    helper = next(n for n in manifest["nodes"].values() if n["name"] == "int_partner_balances")
    assert layer_of(helper) == "analytics" and group_for(helper) == "intermediate"
