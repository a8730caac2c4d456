"""The same dbt graph on Spark equals its DuckDB build, mart by mart (issue 18).

One code location, two engines: the bundled snapshot lands in a temporary warehouse and
materialize_all builds it on DuckDB, as `make run` does; then the dbt asset alone materializes
against local Spark (``WarehouseResource(target="spark")``: the raw zone exported to Parquet, the
models Spark tables). Every published mart is compared: the same rows, numeric columns equal
within a relative tolerance of TOLERANCE (floating sums in another order), everything else
exactly. Then a second landing (a WFP market file and next year's BPS inflation table dropped
into landing/) runs both again incrementally, and the marts are compared once more: the Spark
incremental strategies (delete+insert over Parquet partitions, macros/spark/incremental.sql) give
what DuckDB's delete+insert gives.

The Spark tables are read by DuckDB from a plain Parquet copy that dbt writes on Spark
(macros/spark/export_relations.sql), so no second Spark session competes for the metastore.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from orchestration.defs.publish.assets import MART_KEYS
from orchestration.defs.warehouse.assets import dbt_environment, sinergi_dbt_models
from orchestration.defs.warehouse.dbt_cli import VENV_DBT, venv_dbt
from orchestration.defs.warehouse.project import sinergi_dbt_project
from orchestration.resources import LandingResource, WarehouseResource
from tests.conftest import FIXTURES
from tests.integration.test_landing import (
    NEXT_YEAR_TABLE,
    WFP_FILE,
)
from tests.integration.test_landing import (
    _next_years_inflation_table as next_years_inflation_table,
)

TOLERANCE = 1e-9
# Columns that hold the time of the build itself (the snapshot's check strategy stamps a change with
# the run's clock): compared as present or absent, not by value.
RUN_TIME_COLUMNS = {
    "dim_agreement": ("status_recorded_at",),
    "dim_agreement_status_history": ("valid_from", "valid_to"),
}
MARTS = {key.path[-1]: key.path[-2] for key in MART_KEYS}  # name -> schema
PHASES = ("first build", "after a second landing")


def _dbt_seconds(result: dg.ExecuteInProcessResult, instance: dg.DagsterInstance) -> float:
    """How long the dbt step of a run took (start to success), from the run's event log."""
    times = {
        entry.dagster_event.event_type_value: entry.timestamp
        for entry in instance.all_logs(result.run_id)
        if entry.dagster_event is not None and entry.step_key == "sinergi_dbt_models"
    }
    return times["STEP_SUCCESS"] - times["STEP_START"]


def _build_on_duckdb(warehouse, landing, instance) -> float:
    result = (
        build_definitions(warehouse, landing)
        .resolve_job_def("materialize_all")
        .execute_in_process(instance=instance, raise_on_error=False)
    )
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]
    return _dbt_seconds(result, instance)


def _build_on_spark(warehouse, instance) -> float:
    """The dbt asset of the same code location, against Spark: models, seeds, the snapshot and
    the unit tests. The data tests (the asset checks) are left to the DuckDB build, which has
    them over the same rows: on local Spark they would double the build's time, and the parity
    below is the stronger check."""
    result = dg.materialize(
        [sinergi_dbt_models],
        selection=dg.AssetSelection.assets(sinergi_dbt_models).without_checks(),
        instance=instance,
        raise_on_error=False,
        resources={
            "warehouse": warehouse,
            "dbt": venv_dbt(sinergi_dbt_project),
        },
    )
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]
    return _dbt_seconds(result, instance)


def _export_spark_marts(warehouse: WarehouseResource, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    relations = [f"{schema}.{name}" for name, schema in MARTS.items()]
    subprocess.run(
        [
            VENV_DBT,
            "run-operation",
            "export_relations",
            "--args",
            json.dumps({"folder": str(folder), "relations": relations}),
        ],
        cwd=sinergi_dbt_project.project_dir,
        env={**os.environ, **dbt_environment(warehouse)},
        check=True,
        capture_output=True,
    )


def _differences(warehouse: WarehouseResource, spark_copy: Path, name: str) -> dict:
    """Row counts of both builds and the rows that differ, paired by their order on every
    column (numeric ones rounded for the order only): DuckDB's row, then Spark's."""
    schema = MARTS[name]
    with warehouse.connect(read_only=True) as conn:
        columns = conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
        run_times = RUN_TIME_COLUMNS.get(name, ())
        compared = ", ".join(
            f'"{c}" is null as "{c}"' if c in run_times else f'cast("{c}" as {kind}) as "{c}"'
            for c, kind in columns
        )
        spark_files = f"read_parquet('{spark_copy / f'{schema}.{name}'}/*.parquet')"
        conn.execute(f'create temp view duckdb_side as select {compared} from "{schema}"."{name}"')
        conn.execute(f"create temp view spark_side as select {compared} from {spark_files}")
        numeric = [c for c, kind in columns if kind in ("DOUBLE", "FLOAT", "REAL")]
        exact = [c for c, _ in columns if c not in numeric]
        order = ", ".join([f'"{c}"' for c in exact] + [f'round("{c}", 6)' for c in numeric])
        same = " and ".join(
            [f'a."{c}" is not distinct from b."{c}"' for c in exact]
            + [
                f'(a."{c}" is not distinct from b."{c}" or abs(a."{c}" - b."{c}") <= '
                f'{TOLERANCE} * greatest(1, abs(a."{c}"), abs(b."{c}")))'
                for c in numeric
            ]
        )
        numbered = "(select *, row_number() over (order by {order}) as n__ from {side})"
        counts = conn.execute(
            "select (select count(*) from duckdb_side), (select count(*) from spark_side)"
        ).fetchone()
        differing = conn.execute(
            f"select a.*, b.* from {numbered.format(order=order, side='duckdb_side')} as a "
            f"full join {numbered.format(order=order, side='spark_side')} as b using (n__) "
            f"where not ({same}) or a.n__ is null or b.n__ is null"
        ).fetchall()
        return {"duckdb_rows": counts[0], "spark_rows": counts[1], "differing": differing}


@pytest.fixture(scope="module")
def parity(tmp_path_factory, parity_report):
    """Both engines built from the same landing, twice; the marts compared after each."""
    root = tmp_path_factory.mktemp("spark_parity")
    path = str(root / "warehouse" / "sinergi.duckdb")
    on_duckdb, on_spark = WarehouseResource(path=path), WarehouseResource(path=path, target="spark")
    landing = LandingResource(path=str(root / "landing"), stable_seconds=0.5)
    compared = {}
    with dg.instance_for_test() as instance:
        for phase in PHASES:
            if phase == PHASES[1]:
                (root / "landing" / "wfp").mkdir(parents=True)
                shutil.copy(FIXTURES / "prices" / WFP_FILE, root / "landing" / "wfp" / WFP_FILE)
                next_years_inflation_table(root / "landing" / "bps" / NEXT_YEAR_TABLE)
            duckdb_seconds = _build_on_duckdb(on_duckdb, landing, instance)
            started = time.monotonic()
            spark_seconds = _build_on_spark(on_spark, instance)
            copy = root / "spark_marts"
            _export_spark_marts(on_spark, copy)
            compared[phase] = {name: _differences(on_duckdb, copy, name) for name in MARTS}
            parity_report.append(
                f"{phase}: dbt build {duckdb_seconds:.0f} s on DuckDB, {spark_seconds:.0f} s on "
                f"local Spark (with the raw zone export and the copy read back: "
                f"{time.monotonic() - started:.0f} s)"
            )
    for name in MARTS:
        rows = [compared[phase][name] for phase in PHASES]
        parity_report.append(
            f"  {name:<34} "
            + "  ".join(
                f"{r['duckdb_rows']:>9,} / {r['spark_rows']:>9,} rows, {len(r['differing'])} differ"
                for r in rows
            )
        )
    return compared


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("name", sorted(MARTS))
def test_the_spark_build_equals_the_duckdb_build(parity, name, phase):
    result = parity[phase][name]
    assert result["duckdb_rows"] > 0, f"{name} is empty: nothing compared"
    assert result["spark_rows"] == result["duckdb_rows"], result
    assert result["differing"] == [], result["differing"][:5]
