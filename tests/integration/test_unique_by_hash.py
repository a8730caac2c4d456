"""The price fact's uniqueness test (tests/generic/test_unique_by_hash.sql) passes on the built
warehouse and fails, naming the value, once one observation is stored twice."""

import os
import shutil
import subprocess

import duckdb

from orchestration.defs.warehouse.dbt_cli import VENV_DBT
from orchestration.defs.warehouse.project import sinergi_dbt_project

TEST = "unique_by_hash_fct_price_observation_price_observation_id"


def _dbt_test(warehouse_file, target) -> subprocess.CompletedProcess:
    return subprocess.run(
        [VENV_DBT, "test", "--select", TEST, "--store-failures", "--target-path", str(target)],
        cwd=sinergi_dbt_project.project_dir,
        env=os.environ | {"SINERGI_WAREHOUSE": str(warehouse_file)},
        capture_output=True,
        text=True,
    )


def test_a_repeated_price_observation_id_fails_the_test(built_warehouse, tmp_path):
    warehouse, _ = built_warehouse
    copy = tmp_path / "sinergi.duckdb"
    shutil.copyfile(warehouse.file, copy)
    passed = _dbt_test(copy, tmp_path / "target")
    assert passed.returncode == 0, passed.stdout[-2000:]

    with duckdb.connect(str(copy)) as conn:
        repeated = conn.execute(
            "insert into core.fct_price_observation select * from core.fct_price_observation "
            "order by price_observation_id limit 1 returning price_observation_id"
        ).fetchone()[0]
    failed = _dbt_test(copy, tmp_path / "target")
    assert failed.returncode == 1, failed.stdout[-2000:]
    with duckdb.connect(str(copy), read_only=True) as conn:
        (schema,) = conn.execute(
            "select table_schema from information_schema.tables where table_name = ?", [TEST]
        ).fetchone()
        failures = conn.execute(f'select unique_field, n_records from {schema}."{TEST}"').fetchall()
    assert failures == [(repeated, 2)]
