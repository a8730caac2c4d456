"""The publish asset: after every mart and its blocking checks succeed, swap in the new copy."""

import json

import dagster as dg

from orchestration.defs.warehouse.assets import sinergi_dbt_models
from orchestration.defs.warehouse.project import sinergi_dbt_project
from orchestration.lib.publish import PUBLISHED_FILE, Delta, publish_marts
from orchestration.resources import WarehouseResource

PUBLISHED_GROUPS = ("core", "analytics")

MART_KEYS = sorted(
    (spec.key for spec in sinergi_dbt_models.specs if spec.group_name in PUBLISHED_GROUPS),
    key=lambda k: k.to_user_string(),
)


def publish_deltas(manifest: dict) -> dict[str, Delta]:
    """The marts published by their changes: incremental models whose config names the
    watermark column (``meta.publish_watermark``) and, for the big ones, the date column their
    Parquet copy is partitioned by month on (``meta.publish_partition``); the keys are the
    model's own unique key."""
    deltas = {}
    for node in manifest["nodes"].values():
        config = node.get("config") or {}
        meta = config.get("meta") or {}
        if node["resource_type"] != "model" or "publish_watermark" not in meta:
            continue
        keys = config["unique_key"]
        deltas[node["name"]] = Delta(
            meta["publish_watermark"],
            tuple([keys] if isinstance(keys, str) else keys),
            meta.get("publish_partition"),
        )
    return deltas


@dg.asset(
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    owners=["team:data-engineering"],
    pool="warehouse",
    description=f"The core and analytics marts copied to warehouse/published/{PUBLISHED_FILE} "
    "(default schema, model names) and warehouse/published/parquet/<table>.parquet, built as new "
    "files and renamed into place so that readers never see a half-written file; "
    "publish_manifest lists the version, row count and content hash of every table.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    if warehouse.on_spark:  # the marts are Spark tables; the DuckDB file has only the landing
        context.log.info(f"target {warehouse.target}: the marts stay Spark tables, not published")
        return dg.MaterializeResult(metadata={"published_file": None, "target": warehouse.target})
    report = publish_marts(
        warehouse.file,
        warehouse.published_dir,
        [key.path[-1] for key in MART_KEYS],
        version=context.run.run_id,
        deltas=publish_deltas(json.loads(sinergi_dbt_project.manifest_path.read_text())),
    )
    context.log.info(f"published {len(report.row_counts)} tables to {report.published_file}")
    return dg.MaterializeResult(
        metadata={
            "published_file": dg.MetadataValue.path(str(report.published_file)),
            "version": report.version,
            "tables": dg.MetadataValue.json(report.row_counts),
            "content_hashes": dg.MetadataValue.json(report.content_hashes),
            "published_how": dg.MetadataValue.json(report.published_how),
            "dagster/row_count": sum(report.row_counts.values()),
        }
    )
