from orchestration.defs.warehouse.assets import dbt_build_args, group_for


def test_sources_have_no_group_of_their_own():
    """A dbt source is the raw table an ingest asset lands: it takes that asset's group."""
    assert group_for({"resource_type": "source", "config": {}}) is None
    assert group_for({"resource_type": "model", "config": {"schema": "core"}}) == "core"


def test_dbt_build_args():
    assert dbt_build_args() == ["build"]
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]
