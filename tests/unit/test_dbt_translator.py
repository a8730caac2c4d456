import pytest

from orchestration.defs.warehouse.assets import group_for


@pytest.mark.parametrize(
    ("fqn", "resource_type", "group"),
    [
        (["sinergi", "staging", "regions", "stg_regions__area"], "model", "staging"),
        (["sinergi", "intermediate", "regions", "int_x"], "model", "intermediate"),
        (["sinergi", "marts", "core", "dim_region"], "model", "core"),
        (["sinergi", "marts", "analytics", "mart_price_disparity"], "model", "analytics"),
        (["sinergi", "region_aliases"], "seed", "seeds"),
        (
            ["sinergi", "agreement_status_snapshot", "agreement_status_snapshot"],
            "snapshot",
            "snapshots",
        ),
    ],
)
def test_dbt_folder_is_the_dagster_group(fqn, resource_type, group):
    assert group_for(fqn, resource_type) == group


def test_dbt_build_args():
    from orchestration.defs.warehouse.assets import dbt_build_args

    assert dbt_build_args() == ["build"]
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]
