"""The instance's event log (orchestration/event_log_storage.py): Dagster's SQLite history, with
engines kept per shard, still records and reads back everything a run writes."""

import sqlite3
from contextlib import closing

import dagster as dg
import pytest

from orchestration import event_log_storage
from orchestration.event_log_storage import PooledSqliteEventLogStorage


@dg.asset(check_specs=[dg.AssetCheckSpec("positive", asset="counted")])
def counted():
    yield dg.Output(3)
    yield dg.AssetCheckResult(check_name="positive", passed=True)


@pytest.fixture
def instance_in(instance_overrides):
    """A test instance in a folder, with dagster.yaml's event log storage."""
    return lambda home: dg.instance_for_test(temp_dir=str(home), overrides=instance_overrides)


def _materialize(instance) -> dg.ExecuteInProcessResult:
    job = dg.Definitions(assets=[counted]).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance)


def test_dagster_yaml_names_the_pooled_storage_under_dagster_home(tmp_path, instance_in):
    with instance_in(tmp_path) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        assert storage._base_dir == str(tmp_path / "history" / "runs")


def test_a_run_its_materialization_and_its_check_are_recorded_and_read_back(tmp_path, instance_in):
    with instance_in(tmp_path) as instance:
        result = _materialize(instance)
        logged = instance.all_logs(result.run_id)
        assert any(e.is_dagster_event and e.dagster_event.is_step_success for e in logged)
        # asset and check events are mirrored in the index shard, which cross-run queries read
        latest = instance.get_latest_materialization_event(dg.AssetKey("counted"))
        assert latest is not None and latest.run_id == result.run_id
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("counted"), "positive")]
        )
        assert list(check.values())[0].run_id == result.run_id
    # a second process (the UI) reads the same files with Dagster's own storage
    with dg.instance_for_test(temp_dir=str(tmp_path)) as plain:
        assert plain.get_latest_materialization_event(dg.AssetKey("counted")).run_id == (
            result.run_id
        )
        assert len(plain.all_logs(result.run_id)) == len(logged)


def test_engines_beyond_the_kept_few_are_closed_and_their_runs_stay_readable(
    tmp_path, monkeypatch, instance_in
):
    monkeypatch.setattr(event_log_storage, "ENGINES_KEPT", 2)
    with instance_in(tmp_path) as instance:
        runs = [_materialize(instance).run_id for _ in range(4)]
        storage = instance.event_log_storage
        assert len(storage._engines) == 2
        for run_id in runs:  # the evicted shards are opened again
            assert instance.all_logs(run_id)
        assert len(storage._engines) == 2


def test_commits_skip_fsync_only_in_wal_mode(tmp_path):
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    with storage.run_connection("some-run") as conn:  # a shard Dagster creates is in WAL mode
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("pragma synchronous").scalar() == 1  # NORMAL
    with closing(sqlite3.connect(tmp_path / "old-run.db")) as old:
        old.execute("pragma journal_mode=delete")
    storage._initialized_dbs.add("old-run")  # as if created by an older Dagster, not in WAL
    with storage.run_connection("old-run") as conn:
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("pragma synchronous").scalar() == 2  # FULL, SQLite's default
    storage.dispose()


def test_wipe_closes_the_engines_before_deleting_the_shards(tmp_path, instance_in):
    with instance_in(tmp_path) as instance:
        first = _materialize(instance).run_id
        instance.event_log_storage.wipe()
        # only the index shard, which wipe empties (not deletes), is open again
        assert list(instance.event_log_storage._engines) == ["index"]
        assert not (tmp_path / "history" / "runs" / f"{first}.db").exists()
        second = _materialize(instance).run_id
        assert instance.all_logs(second)


def test_without_base_dir_or_dagster_home_the_error_says_what_is_missing(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with pytest.raises(dg.DagsterInvariantViolationError, match="base_dir .* DAGSTER_HOME"):
        PooledSqliteEventLogStorage.from_config_value(None, {})
