"""The code location loads, and its asset graph is pinned: a change to keys, groups, kinds or
checks shows as a diff against tests/integration/asset_graph.json.

Regenerate after an intended change: SINERGI_UPDATE_SNAPSHOTS=1 make test
"""

import json
import os
from pathlib import Path

from orchestration.definitions import defs

SNAPSHOT = Path(__file__).with_name("asset_graph.json")


def asset_graph_summary() -> dict:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "kinds": sorted(node.kinds),
            "owners": sorted(node.owners),
            "has_description": bool(node.description),
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(c.name for c in graph.get_check_keys_for_assets({key})),
            "freshness": type(node.freshness_policy).__name__ if node.freshness_policy else None,
        }
    return {"assets": assets, "jobs": sorted(j.name for j in defs.resolve_all_job_defs())}


def test_definitions_load_and_every_asset_is_described_and_owned():
    summary = asset_graph_summary()
    assert summary["assets"]
    for key, asset in summary["assets"].items():
        assert asset["group"], key
        assert asset["owners"], key
        assert asset["kinds"], key


def test_asset_graph_matches_snapshot():
    summary = asset_graph_summary()
    if os.environ.get("SINERGI_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    assert summary == json.loads(SNAPSHOT.read_text())


def test_dbt_materializations_carry_row_counts_column_schema_and_preview(pipeline_run):
    metadata = pipeline_run.metadata
    fact = metadata["core/fct_price_observation"]
    assert fact["dagster/row_count"].value == 547_614
    columns = [c.name for c in fact["dagster/column_schema"].value.columns]
    assert columns[:3] == ["price_observation_id", "source", "source_dataset"]
    rows = metadata["analytics/mart_partner_opportunities"]["preview"].value.records
    assert len(rows) == 5 and all(row.data["price_source"] for row in rows)
    assert [c.name for c in metadata["core/dim_region"]["preview"].value.schema.columns][:2] == [
        "region_code",
        "bps_code",
    ]
    view = metadata["staging/stg_prices__pihps"]
    assert "dagster/row_count" not in view and "preview" not in view  # a view is not computed
    assert "dagster/column_schema" in view


def test_analytics_marts_carry_a_picture(pipeline_run):
    balance = pipeline_run.metadata["analytics/mart_commodity_balance"]["picture"].value
    assert balance.startswith("![Neraca beras 2023: 17 provinces in surplus (green), 21 in deficit")
    assert "](data:image/png;base64,iVBORw0KGgo" in balance  # a PNG
    disparity = pipeline_run.metadata["analytics/mart_price_disparity"]["picture"].value
    assert disparity.startswith("![Disparitas harga bawang_merah (pihps, day, kabupaten_kota)")
