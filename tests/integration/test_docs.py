"""`make docs`: the dbt documentation site, generated against a built warehouse, documents every
mart and every column the marts really have, with the Indonesian terms analysts search for."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.defs.warehouse.project import sinergi_dbt_project

DBT = Path(sys.executable).parent / "dbt"


@pytest.fixture(scope="module")
def docs(built_warehouse, tmp_path_factory):
    warehouse, _ = built_warehouse
    target = tmp_path_factory.mktemp("dbt_docs")
    subprocess.run(
        [str(DBT), "docs", "generate", "--static", "--quiet", "--target-path", str(target)],
        cwd=sinergi_dbt_project.project_dir,
        env=os.environ | {"SINERGI_WAREHOUSE": str(warehouse.file)},
        check=True,
    )
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    return target, manifest, catalog


def _marts(manifest: dict) -> dict[str, dict]:
    """The published models: those built in the core and analytics schemas (the helpers beside
    the analytics marts are built in intermediate and never published)."""
    return {
        node_id: node
        for node_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["schema"] in ("core", "analytics")
    }


def test_the_static_site_holds_every_mart(docs):
    target, manifest, _ = docs
    site = (target / "static_index.html").read_text(encoding="utf-8")
    marts = _marts(manifest)
    assert len(marts) >= 25
    for node in marts.values():
        assert node["name"] in site


def test_every_mart_and_every_column_it_has_is_described(docs):
    _, manifest, catalog = docs
    for node_id, node in _marts(manifest).items():
        assert node["description"].strip(), node["name"]
        built = catalog["nodes"][node_id]["columns"]  # the columns in the warehouse
        described = {name.lower(): c["description"].strip() for name, c in node["columns"].items()}
        undescribed = [c for c in built if not described.get(c.lower())]
        assert undescribed == [], (node["name"], undescribed)


@pytest.mark.parametrize(
    ("mart", "term"),
    [
        ("mart_commodity_balance", "surplus/defisit"),
        ("mart_price_disparity", "Disparitas harga"),
        ("mart_agreement_monitor", "kerja sama antar daerah"),
        ("dim_agreement", "Kerja sama antar daerah"),
    ],
)
def test_marts_carry_the_indonesian_term(docs, mart, term):
    _, manifest, _ = docs
    (node,) = [n for n in _marts(manifest).values() if n["name"] == mart]
    assert term in node["description"]


def _bi_pages() -> dict[str, set[str]]:
    """bi page -> the warehouse tables its Evidence source queries read (FROM/JOIN names)."""
    bi = Path(sinergi_dbt_project.project_dir).parent / "bi"
    sources = {
        query.stem: set(
            re.findall(r"\b(?:from|join)\s+([a-z_]+)", re.sub(r"--.*", "", query.read_text()))
        )
        for query in (bi / "sources" / "sinergi").glob("*.sql")
    }
    pages = {}
    for page in (bi / "pages").glob("*.md"):
        queries = "".join(re.findall(r"```sql.*?```", page.read_text(), flags=re.DOTALL))
        pages[page.stem] = set().union(
            *(sources[n] for n in re.findall(r"sinergi\.(\w+)", queries))
        )
    return pages


def test_exposures_declare_every_model_each_dashboard_reads(docs):
    """Each dashboard page's exposure names exactly the dbt models its source queries read
    (publish_manifest is the publish step's own table, not a model)."""
    _, manifest, _ = docs
    exposed = {
        exposure["url"].rsplit("/", 1)[1]: {
            node.split(".")[-1] for node in exposure["depends_on"]["nodes"]
        }
        for exposure in manifest["exposures"].values()
        if exposure["type"] == "dashboard"
    }
    read = {page: tables - {"publish_manifest"} for page, tables in _bi_pages().items()}
    assert read.pop("index") == set()
    assert exposed == read
    assert exposed["partners"] == {
        "mart_partner_opportunities",
        "mart_partner_swaps",
        "dim_commodity",
    }
