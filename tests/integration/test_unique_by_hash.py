"""The price fact's uniqueness test (tests/generic/test_unique_by_hash.sql) passes on the built
warehouse and fails, naming the value, once one observation is stored twice; on a refresh
(SINERGI_CHECKS_SINCE) it finds the repeat when its period landed since then, and reads no other
period."""

import os
import shutil
import subprocess

import duckdb

from orchestration.defs.warehouse.assets import CHECKS_SINCE_VARIABLE
from orchestration.defs.warehouse.dbt_cli import VENV_DBT
from orchestration.defs.warehouse.project import sinergi_dbt_project

TEST = "unique_by_hash_fct_price_observation_price_observation_id"


def _dbt_test(warehouse_file, target, checks_since: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [VENV_DBT, "test", "--select", TEST, "--store-failures", "--target-path", str(target)],
        cwd=sinergi_dbt_project.project_dir,
        env=os.environ
        | {"SINERGI_WAREHOUSE": str(warehouse_file), CHECKS_SINCE_VARIABLE: checks_since},
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


def test_on_a_refresh_it_reads_the_periods_landed_since_the_last_run(built_warehouse, tmp_path):
    warehouse, _ = built_warehouse
    copy = tmp_path / "sinergi.duckdb"
    shutil.copyfile(warehouse.file, copy)
    with duckdb.connect(str(copy)) as conn:
        conn.execute(
            "create temp table repeated as select * from core.fct_price_observation "
            "order by price_observation_id limit 1"
        )
        conn.execute("insert into core.fct_price_observation select * from repeated")
        # when the repeated row's period was landed, and the last landing of all
        period_landed, last_landed = conn.execute(
            """
            select
                (select cast(max(t.ingested_at) - interval 1 second as varchar)
                 from raw_prices.touched_periods as t inner join repeated as r
                    using (source, commodity_code, period_grain, period_start)),
                (select cast(max(ingested_at) as varchar) from raw_prices.touched_periods)
            """
        ).fetchone()
    since_before = _dbt_test(copy, tmp_path / "target", period_landed)
    assert since_before.returncode == 1, since_before.stdout[-2000:]
    # nothing landed after the last landing: no period is read, the repeat is not seen
    since_after = _dbt_test(copy, tmp_path / "target", last_landed)
    assert since_after.returncode == 0, since_after.stdout[-2000:]
