"""A failing blocking check stops the run before publication: readers keep the last good file."""

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.resources import LandingResource, WarehouseResource


def test_population_gap_fails_checks_and_nothing_is_published(tmp_path, region_data_copy):
    population = region_data_copy / "population_kemendagri_2025.csv"
    lines = population.read_text().splitlines(keepends=True)
    population.write_text("".join(line for line in lines if not line.startswith("35.72,")))

    warehouse = WarehouseResource(path=str(tmp_path / "warehouse" / "sinergi.duckdb"))
    defs = build_definitions(warehouse, LandingResource(path=str(tmp_path / "landing")))
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("materialize_all").execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={
                "ops": {
                    "ingest_regions": {"config": {"data_dir": str(region_data_copy)}},
                    # no price files: this test is about the region checks
                    "ingest_prices": {"config": {"bundled_dir": str(tmp_path / "no_prices")}},
                }
            },
        )
        failed_checks = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
        published = instance.get_latest_materialization_event(dg.AssetKey("published_warehouse"))

    assert not result.success
    assert "not_null_dim_region_population" in failed_checks
    assert published is None
    assert not (warehouse.published_dir / "sinergi.duckdb").exists()
