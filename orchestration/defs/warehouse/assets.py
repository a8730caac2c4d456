"""dbt models, seeds and tests as Dagster assets and asset checks.

The translator makes the dbt folder the Dagster group (and the warehouse schema): staging,
intermediate, core, analytics, seeds. dbt's error-severity tests become blocking asset checks, so a
failing test stops publication in the same run.
"""

import os
from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.warehouse.project import sinergi_dbt_project
from orchestration.resources import WarehouseResource

DEFAULT_OWNER = "team:data-engineering"


def group_for(fqn: Sequence[str], resource_type: str) -> str:
    """dbt folder -> Dagster group: models/<layer>/... or models/marts/<domain>/...; seeds."""
    if resource_type in ("seed", "snapshot"):
        return f"{resource_type}s"
    layer = fqn[1] if len(fqn) > 2 else "models"
    return fqn[2] if layer == "marts" and len(fqn) > 3 else layer


class SinergiTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return None
        return group_for(dbt_resource_props["fqn"], dbt_resource_props["resource_type"])

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        owner = (dbt_resource_props.get("meta") or {}).get("owner") or (
            dbt_resource_props.get("config", {}).get("meta") or {}
        ).get("owner")
        return [owner or DEFAULT_OWNER]


class DbtBuildConfig(dg.Config):
    """``full_refresh`` rebuilds incremental models (the price fact and marts) from scratch."""

    full_refresh: bool = False


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """The one dbt command a run issues: models, seeds and tests together, in dependency order."""
    return ["build", "--full-refresh"] if full_refresh else ["build"]


@dbt_assets(
    manifest=sinergi_dbt_project.manifest_path,
    project=sinergi_dbt_project,
    dagster_dbt_translator=SinergiTranslator(),
    pool="warehouse",
)
def sinergi_dbt_models(
    context: dg.AssetExecutionContext,
    config: DbtBuildConfig,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
):
    """Build the selected dbt models against the warehouse the ``warehouse`` resource names."""
    previous = os.environ.get("SINERGI_WAREHOUSE")
    os.environ["SINERGI_WAREHOUSE"] = str(warehouse.file)
    try:
        invocation = dbt.cli(dbt_build_args(config.full_refresh), context=context)
    finally:
        if previous is None:
            os.environ.pop("SINERGI_WAREHOUSE")
        else:
            os.environ["SINERGI_WAREHOUSE"] = previous
    yield from invocation.stream()
