"""Shared fixtures: the bundled region master is read once per test session, and the whole graph
is materialized once into a temporary warehouse for the tests that read what it built."""

import shutil
from pathlib import Path
from typing import NamedTuple

import dagster as dg
import duckdb
import pytest
import yaml

from orchestration.definitions import build_definitions
from orchestration.resources import LandingResource, WarehouseResource
from sources.common.paths import REPO_ROOT
from sources.regions.master import DATA_DIR, RegionMaster, read_region_master

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def instance_overrides() -> dict:
    """The instance settings of dagster.yaml that test instances keep (the event log storage),
    so what the tests record goes through the storage `make run` and the UI use."""
    settings = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    return {"event_log_storage": settings["event_log_storage"]}


@pytest.fixture(scope="session")
def region_master() -> RegionMaster:
    return read_region_master()


@pytest.fixture(scope="session")
def resolver(region_master):
    return region_master.resolver


@pytest.fixture
def region_data_copy(tmp_path) -> Path:
    """A writable copy of the bundled region files, for breaking them in tests."""
    target = tmp_path / "regions"
    shutil.copytree(DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


class PipelineRun(NamedTuple):
    warehouse: WarehouseResource
    landing: LandingResource
    checks: dict  # (asset, check) -> evaluation
    metadata: dict  # asset -> materialization metadata
    dagster_home: Path  # the instance that recorded the run (the UI test serves it)


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory, instance_overrides) -> PipelineRun:
    """materialize_all once, recorded in a Dagster instance of its own."""
    root = tmp_path_factory.mktemp("sinergi")
    warehouse = WarehouseResource(path=str(root / "warehouse" / "sinergi.duckdb"))
    landing = LandingResource(path=str(root / "landing"))
    defs = build_definitions(warehouse, landing)
    home = root / "dagster_home"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home), overrides=instance_overrides) as instance:
        result = defs.resolve_job_def("materialize_all").execute_in_process(
            instance=instance, raise_on_error=False
        )
        checks = {
            (e.asset_key.to_user_string(), e.check_name): e
            for e in result.get_asset_check_evaluations()
        }
        metadata = {
            e.asset_key.to_user_string(): e.materialization.metadata
            for e in result.get_asset_materialization_events()
        }
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]
    return PipelineRun(warehouse, landing, checks, metadata, home)


@pytest.fixture(scope="session")
def built_warehouse(pipeline_run):
    return pipeline_run.warehouse, pipeline_run.checks


@pytest.fixture(scope="module")
def published(built_warehouse):
    """The published file, read-only, as a BI tool opens it."""
    warehouse, _ = built_warehouse
    conn = duckdb.connect(str(warehouse.published_dir / "sinergi.duckdb"), read_only=True)
    yield conn
    conn.close()
