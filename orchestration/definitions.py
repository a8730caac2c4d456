"""The one Dagster entry point: every asset, check, job and resource of Sinergi.

Runs execute in process, one at a time: DuckDB has a single writer, and the multiprocess executor
would let two steps (or two dbt invocations) write the warehouse at once.
"""

import dagster as dg

from orchestration.defs.automation import (
    bps_webapi_sensor,
    daily_refresh,
    landing_folder_sensor,
    pihps_api_sensor,
)
from orchestration.defs.ingest.agreements import ingest_agreements
from orchestration.defs.ingest.prices import ingest_prices
from orchestration.defs.ingest.regions import ingest_regions
from orchestration.defs.ingest.statistics import ingest_statistics
from orchestration.defs.publish.assets import published_warehouse
from orchestration.defs.quality.dim_region_expectations import dim_region_expectations
from orchestration.defs.quality.price_expectations import PRICE_CHECKS
from orchestration.defs.quality.statistics_expectations import STATISTICS_CHECKS
from orchestration.defs.warehouse.assets import sinergi_dbt_models
from orchestration.defs.warehouse.dbt_cli import venv_dbt
from orchestration.defs.warehouse.project import sinergi_dbt_project
from orchestration.resources import (
    LandingResource,
    WarehouseResource,
    landing_from_env,
    warehouse_from_env,
)

materialize_all = dg.define_asset_job(
    "materialize_all",
    selection=dg.AssetSelection.all(),
    description="Ingest every source, build the warehouse, check it and publish the marts.",
)


def build_definitions(warehouse: WarehouseResource, landing: LandingResource) -> dg.Definitions:
    """The code location for a given warehouse and landing folder (tests pass temporary ones)."""
    return dg.Definitions(
        assets=[
            ingest_regions,
            ingest_prices,
            ingest_statistics,
            ingest_agreements,
            sinergi_dbt_models,
            published_warehouse,
        ],
        # the suites on dim_region and the statistics facts read those marts from the DuckDB
        # file: on Spark it holds none (the raw price suites read the landing, in DuckDB always)
        asset_checks=[*PRICE_CHECKS]
        if warehouse.on_spark
        else [dim_region_expectations, *PRICE_CHECKS, *STATISTICS_CHECKS],
        jobs=[materialize_all],
        sensors=[landing_folder_sensor, pihps_api_sensor, bps_webapi_sensor],
        schedules=[daily_refresh],
        resources={
            "warehouse": warehouse,
            "landing": landing,
            "dbt": venv_dbt(sinergi_dbt_project),
        },
        executor=dg.in_process_executor,
    )


defs = build_definitions(warehouse_from_env(), landing_from_env())
