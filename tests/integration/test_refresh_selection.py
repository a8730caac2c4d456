"""A refresh runs what new files make stale, and its result is what the whole job would give.

Starts from a copy of the session's built warehouse and of the Dagster instance that recorded
its run, as `make run` leaves them, then drops a real WFP market file into the landing folder.
The landing sensor and the daily schedule ask the daemon for the same selection.
"""

import os
import shutil
import time
from datetime import date, timedelta

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.defs.automation import daily_refresh, landing_folder_sensor
from orchestration.lib.publish import MANIFEST_TABLE, PUBLISHED_FILE
from orchestration.refresh import BUILD_TAG, DBT_OP, JOB, execute_refresh, plan_refresh
from orchestration.resources import LandingResource, WarehouseResource
from tests.conftest import FIXTURES

WFP_FILE = "wfp_market_hdx.csv"
FACT = dg.AssetKey(["core", "fct_price_observation"])
STATISTICS = dg.AssetKey(["raw_bps", "statistics"])
DIM_REGION = dg.AssetKey(["core", "dim_region"])
MONITOR = dg.AssetKey(["analytics", "mart_agreement_monitor"])
PUBLISHED = dg.AssetKey(["published_warehouse"])


def _published(warehouse: WarehouseResource) -> dict[str, tuple[int, str]]:
    conn = duckdb.connect(str(warehouse.published_dir / PUBLISHED_FILE), read_only=True)
    try:
        rows = conn.execute(
            f"select table_name, row_count, content_hash from {MANIFEST_TABLE}"
        ).fetchall()
    finally:
        conn.close()
    return {table: (count, content) for table, count, content in rows}


def _periods_landed_after(warehouse: WarehouseResource, since: str) -> int:
    conn = duckdb.connect(str(warehouse.file), read_only=True)
    try:
        return conn.execute(
            "select count(*) from raw_prices.touched_periods where ingested_at > ?::timestamptz",
            [since],
        ).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def refresh(pipeline_run, instance_overrides, tmp_path_factory):
    """The plans before and after the new file, the selected run, and the published tables
    after it and after a whole run over the same files."""
    root = tmp_path_factory.mktemp("refresh")
    shutil.copytree(pipeline_run.warehouse.file.parent, root / "warehouse")
    shutil.copytree(pipeline_run.dagster_home, root / "dagster_home")
    warehouse = WarehouseResource(path=str(root / "warehouse" / "sinergi.duckdb"))
    landing = LandingResource(path=str(root / "landing"), stable_seconds=0.5)
    defs = build_definitions(warehouse, landing)
    repository = defs.get_repository_def()
    plans = {}
    with dg.instance_for_test(
        temp_dir=str(root / "dagster_home"), overrides=instance_overrides
    ) as instance:

        def plan(**kwargs):
            return plan_refresh(repository, instance, warehouse, landing, {}, **kwargs)

        plans["untagged"] = plan()
        # the session's run was not started through the refresh: tag it as `make run` would
        (last,) = instance.get_run_records(limit=1)
        instance.add_run_tags(last.dagster_run.run_id, {BUILD_TAG: plans["untagged"].fingerprint})
        plans["unchanged"] = plan()
        plans["tomorrow"] = plan(today=date.today() + timedelta(days=1))
        plans["full_refresh"] = plan(full_refresh=True)
        resources = {"warehouse": warehouse, "landing": landing}
        plans["schedule_unchanged"] = daily_refresh(
            dg.build_schedule_context(instance, resources=resources, repository_def=repository)
        )
        (root / "landing" / "wfp").mkdir(parents=True)
        dropped = root / "landing" / "wfp" / WFP_FILE
        shutil.copy(FIXTURES / "prices" / WFP_FILE, dropped)
        settled = time.time() - 600  # copied a while ago: the sensor takes it as complete
        os.utime(dropped, (settled, settled))
        plans["new_file"] = plan()
        since = plans["new_file"].checks_since
        landed_after = {"before": _periods_landed_after(warehouse, since)}
        plans["sensor_new_file"] = landing_folder_sensor(
            dg.build_sensor_context(instance, resources=resources, definitions=defs)
        )
        selected = execute_refresh(repository, plans["new_file"], instance, {})
        assert selected.success, [e.message for e in selected.all_events if e.is_step_failure]
        landed_after["refresh"] = _periods_landed_after(warehouse, since)
        after_selected = _published(warehouse)
        plans["after"] = plan()
        whole = defs.resolve_job_def(JOB).execute_in_process(instance=instance)
        after_whole = _published(warehouse)
        plans["after_other_run"] = plan()
        instance.add_run(
            dg.DagsterRun(
                job_name=JOB,
                status=dg.DagsterRunStatus.FAILURE,
                tags={BUILD_TAG: plans["untagged"].fingerprint},
            )
        )
        plans["after_failure"] = plan()
    return plans, selected, whole, after_selected, after_whole, repository, landed_after


def test_the_whole_job_runs_when_the_last_run_is_not_a_refresh_with_this_code(refresh):
    plans = refresh[0]
    assert plans["untagged"].everything
    assert "not a `make run` with this code" in plans["untagged"].reason
    assert plans["after_other_run"].everything  # a run started otherwise (the UI) carries no tag
    assert plans["full_refresh"].everything


def test_the_whole_job_runs_after_a_failed_run(refresh):
    plan = refresh[0]["after_failure"]
    assert plan.everything and "ended FAILURE" in plan.reason


def test_nothing_runs_when_no_file_changed_the_same_day(refresh):
    plans = refresh[0]
    assert plans["unchanged"].assets == frozenset() and not plans["unchanged"].stale
    assert plans["after"].assets == frozenset()  # the refresh recorded what it landed


def test_a_new_day_rebuilds_only_what_reads_the_clock(refresh):
    plan = refresh[0]["tomorrow"]
    assert plan.stale == ()
    assert plan.assets == {MONITOR, PUBLISHED}


def test_a_new_price_file_selects_the_prices_and_what_is_downstream(refresh):
    plan, selected = refresh[0]["new_file"], refresh[1]
    assert plan.stale == ("ingest_prices",)
    assert {FACT, MONITOR, PUBLISHED} <= plan.assets
    assert STATISTICS not in plan.assets and DIM_REGION not in plan.assets
    assert plan.checks  # the selected assets' checks (GE suites, dbt tests) run with them
    # the scoped tests read what the refresh landed, none of what the run before it landed
    # (and tested), which is all of the session's history
    assert refresh[6]["before"] == 0 < refresh[6]["refresh"]
    assert not refresh[0]["untagged"].checks_since  # a whole run's tests look at everything
    ran = {e.asset_key for e in selected.get_asset_materialization_events()}
    assert FACT in ran and PUBLISHED in ran and STATISTICS not in ran
    steps = {e.step_key for e in selected.all_events if e.step_key}
    assert "ingest_statistics" not in steps and "ingest_regions" not in steps


def test_the_refresh_publishes_what_the_whole_job_publishes(refresh):
    after_selected, after_whole = refresh[3], refresh[4]
    assert refresh[2].success
    assert after_selected == after_whole


def test_the_sensor_and_the_schedule_ask_for_the_same_selection(refresh):
    plans = refresh[0]
    request, plan = plans["sensor_new_file"], plans["new_file"]
    assert isinstance(request, dg.RunRequest)
    assert set(request.asset_selection) == plan.assets
    assert set(request.asset_check_keys) == plan.checks
    assert request.tags[BUILD_TAG] == plan.fingerprint
    # no config for ops not run; the dbt build's tests look at what landed since the last run
    assert set(request.run_config["ops"]) == {"ingest_prices", DBT_OP}
    assert request.run_config["ops"][DBT_OP]["config"]["checks_since"] == plan.checks_since
    job = (
        refresh[5]
        .get_job(JOB)
        .get_subset(
            asset_selection=set(request.asset_selection),
            asset_check_selection=set(request.asset_check_keys),
        )
    )
    dg.validate_run_config(job, request.run_config)  # a config the selected job takes
    skipped = plans["schedule_unchanged"]
    assert isinstance(skipped, dg.SkipReason)
    assert "Nothing to refresh" in skipped.skip_message
