"""Great Expectations on dim_region, run as a blocking asset check before anything publishes.

The region master is what every fact joins to: a missing province, a duplicate code or a centroid
in the sea off Madagascar would silently corrupt every mart downstream.
"""

import dagster as dg
import pandas as pd
from dagster_dbt import get_asset_key_for_model

from orchestration.defs.warehouse.assets import sinergi_dbt_models
from orchestration.lib.gx_runner import Suite, validate
from orchestration.resources import WarehouseResource

EXPECTED_LEVELS = {"provinsi": 38, "kabupaten": 416, "kota": 98}


def dim_region_suites(regions: pd.DataFrame) -> list[Suite]:
    counts = regions.groupby("region_level").size()
    level_counts = pd.DataFrame([{level: int(counts.get(level, 0)) for level in EXPECTED_LEVELS}])

    def rows(gxe):
        return [
            gxe.ExpectTableRowCountToEqual(value=sum(EXPECTED_LEVELS.values())),
            gxe.ExpectColumnValuesToBeUnique(column="region_code"),
            gxe.ExpectColumnValuesToBeUnique(column="bps_code"),
            gxe.ExpectColumnValuesToMatchRegex(column="region_code", regex=r"^\d{2}(?:\.\d{2})?$"),
            *(
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in (
                    "region_code",
                    "region_name",
                    "latitude",
                    "longitude",
                    "population",
                    "area_km2",
                    "island_group",
                )
            ),
            gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-11, max_value=6),
            gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=95, max_value=141),
            gxe.ExpectColumnValuesToBeInSet(column="region_level", value_set=list(EXPECTED_LEVELS)),
        ]

    def levels(gxe):
        return [
            gxe.ExpectColumnValuesToBeBetween(column=level, min_value=n, max_value=n)
            for level, n in EXPECTED_LEVELS.items()
        ]

    return [
        Suite("dim_region", regions, rows),
        Suite("dim_region_level_counts", level_counts, levels),
    ]


@dg.asset_check(
    asset=get_asset_key_for_model([sinergi_dbt_models], "dim_region"),
    name="dim_region_expectations",
    description="Great Expectations: 38 provinces, 416 kabupaten, 98 kota, unique codes, "
    "centroids inside Indonesia's bounding box (lat -11..6, lon 95..141). Data Docs are written "
    "under warehouse/gx.",
    blocking=True,
    pool="warehouse",
)
def dim_region_expectations(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        regions = conn.sql("select * from core.dim_region").df()
    outcome = validate(dim_region_suites(regions), warehouse.data_docs_dir / "dim_region")
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "expectations_evaluated": outcome.evaluated,
            "failures": dg.MetadataValue.md(
                "\n".join(f"- {f}" for f in outcome.failures) or "none"
            ),
            "data_docs": dg.MetadataValue.path(outcome.data_docs),
        },
    )
