"""One materialization of the whole graph into a temporary warehouse, shared by the tests."""

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.resources import LandingResource, WarehouseResource


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("sinergi")
    warehouse = WarehouseResource(path=str(root / "warehouse" / "sinergi.duckdb"))
    defs = build_definitions(warehouse, LandingResource(path=str(root / "landing")))
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("materialize_all").execute_in_process(
            instance=instance, raise_on_error=False
        )
        checks = {
            (e.asset_key.to_user_string(), e.check_name): e
            for e in result.get_asset_check_evaluations()
        }
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]
    return warehouse, checks


@pytest.fixture(scope="module")
def published(built_warehouse):
    """The published file, read-only, as a BI tool opens it."""
    warehouse, _ = built_warehouse
    conn = duckdb.connect(str(warehouse.published_dir / "sinergi.duckdb"), read_only=True)
    yield conn
    conn.close()
