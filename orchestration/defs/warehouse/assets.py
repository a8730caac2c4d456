"""dbt models, seeds and tests as Dagster assets and asset checks.

The translator makes the warehouse schema, which dbt_project.yml sets per folder, the Dagster
group: staging, intermediate, core, analytics, seeds, snapshots. dbt's error-severity tests
become blocking asset checks, so a failing test stops publication in the same run.

Each model's materialization carries its column schema and, for tables, its row count, read from
the warehouse once dbt has finished: while dbt runs it holds DuckDB's single write lock, so the
counts cannot be taken model by model as they are built. On Spark (``warehouse.target``) the
raw zone is exported to Parquet first, where the Spark sources read it; the models are Spark
tables then, and the DuckDB file holds none of them to count.
"""

import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.metadata import preview
from orchestration.defs.pictures import PICTURES, as_markdown
from orchestration.defs.warehouse.project import sinergi_dbt_project
from orchestration.lib.landing.export import export_raw_parquet
from orchestration.lib.landing.tables import quote
from orchestration.resources import WarehouseResource

DEFAULT_OWNER = "team:data-engineering"
PARSE_CACHE = "partial_parse.msgpack"


def group_for(dbt_resource_props: Mapping[str, Any]) -> str | None:
    """The Dagster group of a dbt node is its warehouse schema, which dbt_project.yml sets per
    folder (staging, intermediate, core, analytics, seeds, snapshots): the folder -> schema ->
    group rule is written once, there. Sources belong to the ingest assets that land them."""
    if dbt_resource_props["resource_type"] == "source":
        return None
    return dbt_resource_props["config"]["schema"]


class SinergiTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return group_for(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        owner = (dbt_resource_props.get("meta") or {}).get("owner") or (
            dbt_resource_props.get("config", {}).get("meta") or {}
        ).get("owner")
        return [owner or DEFAULT_OWNER]


CHECKS_SINCE_VARIABLE = "SINERGI_CHECKS_SINCE"  # read by the dbt macro checks_since


class DbtBuildConfig(dg.Config):
    """``full_refresh`` rebuilds incremental models (the price fact and marts) from scratch.
    ``checks_since`` (an ISO timestamp, set by the refresh planner): the tests that can look
    only at what landed since then do (the price fact's uniqueness); empty, they read all."""

    full_refresh: bool = False
    checks_since: str = ""


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """The one dbt command a run issues: models, seeds and tests together, in dependency order."""
    return ["build", "--full-refresh"] if full_refresh else ["build"]


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` set in the environment for the dbt process, the previous ones put back after."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value


def dbt_environment(warehouse: WarehouseResource) -> dict[str, str]:
    """What the dbt profile reads: the warehouse file, the target and the Spark folder."""
    return {
        "SINERGI_WAREHOUSE": str(warehouse.file),
        "SINERGI_TARGET": warehouse.target,
        "SINERGI_SPARK_DIR": str(warehouse.spark_folder),
    }


def keep_parse_cache(invocation_target: Path, project_target: Path) -> None:
    """Put a finished build's parse cache in ``project_target``, where the next invocation is
    seeded from.

    dagster-dbt copies ``dbt_project/target/partial_parse.msgpack`` (what ``make`` parsed) into
    each invocation's own target folder and never back, and dbt discards the cache whenever the
    profile differs (another warehouse path or memory limit): such runs parsed the whole project
    every time, ~10 s. With the cache written back, only the first run with a new profile does.
    Replaced, not overwritten, so an invocation starting meanwhile reads a whole file."""
    cache = invocation_target / PARSE_CACHE
    if not cache.exists():
        return
    destination = project_target / PARSE_CACHE
    partial = destination.with_name(f".{PARSE_CACHE}.{os.getpid()}")
    shutil.copyfile(cache, partial)
    os.replace(partial, destination)


@dbt_assets(
    manifest=sinergi_dbt_project.manifest_path,
    project=sinergi_dbt_project,
    dagster_dbt_translator=SinergiTranslator(),
    pool="warehouse",
)
def sinergi_dbt_models(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
):
    """Build the selected dbt models against the warehouse the ``warehouse`` resource names."""
    if warehouse.on_spark:
        with warehouse.connect(read_only=True) as conn:
            exported = export_raw_parquet(conn, warehouse.raw_zone_dir)
        context.log.info(f"raw zone: {len(exported)} tables exported to {warehouse.raw_zone_dir}")
    with environment(dbt_environment(warehouse) | {CHECKS_SINCE_VARIABLE: config.checks_since}):
        invocation = dbt.cli(dbt_build_args(config.full_refresh), context=context)
    events, failure = [], None
    try:
        for event in invocation.stream():
            events.append(event)
    except Exception as error:  # dbt failed: report what it did build, then fail the step
        failure = error
    # the stream ends when dbt closes its output, a moment before the process has exited and let
    # go of the warehouse file: reading it any sooner can meet dbt's lock on a busy machine. A
    # stream that broke off leaves dbt writing to a pipe nobody reads: stop it rather than wait.
    if failure is not None and invocation.process.poll() is None:
        invocation.process.terminate()
    invocation.process.wait()
    if failure is None:
        keep_parse_cache(Path(invocation.target_path), sinergi_dbt_project.manifest_path.parent)
    yield from events if warehouse.on_spark else with_table_metadata(context, warehouse, events)
    if failure is not None:
        raise failure


def _tables(conn: duckdb.DuckDBPyConnection, names: set[str]) -> dict[str, dict]:
    """name -> {"columns": [(name, type)], "rows": count and "head": first rows, None for a
    view}."""
    found: dict[str, dict] = {}
    for schema, name, kind in conn.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema not in ('main', 'information_schema')"
    ).fetchall():
        if name not in names:
            continue
        columns = conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
        relation = f"{quote(schema)}.{quote(name)}"
        found[name] = {"columns": columns, "rows": None, "head": None}
        if kind == "BASE TABLE":  # a view would be computed whole just to be counted
            found[name]["rows"] = conn.execute(f"select count(*) from {relation}").fetchone()[0]
            found[name]["head"] = conn.execute(f"select * from {relation} limit 5").pl()
    return found


def with_table_metadata(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, events: list
) -> list:
    """The dbt events, each model's output given ``dagster/column_schema`` and, for tables,
    ``dagster/row_count`` and a ``preview`` of the first rows as they are in the warehouse now,
    and the marts that have one a ``picture`` (orchestration/defs/pictures.py)."""
    keys = {
        e.output_name: context.asset_key_for_output(e.output_name)
        for e in events
        if isinstance(e, dg.Output)
    }
    if not keys:
        return events
    enriched = []
    with warehouse.connect(read_only=True) as conn:
        tables = _tables(conn, {key.path[-1] for key in keys.values()})
        for event in events:
            output = isinstance(event, dg.Output)
            name = keys[event.output_name].path[-1] if output else None
            table = tables.get(name)
            if table is None:
                enriched.append(event)
                continue
            metadata = {
                **event.metadata,
                "dagster/column_schema": dg.TableSchema(
                    columns=[dg.TableColumn(column, kind) for column, kind in table["columns"]]
                ),
            }
            if table["rows"] is not None:
                metadata["dagster/row_count"] = table["rows"]
                metadata["preview"] = preview(table["head"])
            picture = PICTURES[name](conn) if name in PICTURES else None
            if picture is not None:
                metadata["picture"] = as_markdown(*picture)
            enriched.append(event.with_metadata(metadata))
    return enriched
