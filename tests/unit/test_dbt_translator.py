from orchestration.defs.warehouse.assets import (
    PARSE_CACHE,
    dbt_build_args,
    group_for,
    keep_parse_cache,
)


def test_sources_have_no_group_of_their_own():
    """A dbt source is the raw table an ingest asset lands: it takes that asset's group."""
    assert group_for({"resource_type": "source", "config": {}}) is None
    assert group_for({"resource_type": "model", "config": {"schema": "core"}}) == "core"


def test_dbt_build_args():
    assert dbt_build_args() == ["build"]
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]


def test_a_finished_build_leaves_its_parse_cache_for_the_next_run(tmp_path):
    """The next invocation is seeded from the project's target folder: the cache dbt wrote for
    this run's profile replaces the one parsed for another; an invocation without one (dbt
    failed before parsing) leaves the project's as it was."""
    project, invocation = tmp_path / "target", tmp_path / "target" / "run-1"
    invocation.mkdir(parents=True)
    (project / PARSE_CACHE).write_bytes(b"parsed by make")
    keep_parse_cache(invocation, project)
    assert (project / PARSE_CACHE).read_bytes() == b"parsed by make"
    (invocation / PARSE_CACHE).write_bytes(b"parsed for this warehouse")
    keep_parse_cache(invocation, project)
    assert (project / PARSE_CACHE).read_bytes() == b"parsed for this warehouse"
    assert sorted(p.name for p in project.iterdir()) == [PARSE_CACHE, "run-1"]
