"""Publishing while readers hold the published file open: real reader processes, real renames."""

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.publish.snapshot import PublishError, publish_marts

READER = r"""
import json, sys, time, duckdb
path, seconds, hold = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "hold"
reads, errors, versions, held = 0, [], set(), None
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        conn = held or duckdb.connect(path, read_only=True)
        if hold:
            held = conn
        manifest = dict(conn.execute(
            "select table_name, row_count from publish_manifest").fetchall())
        version = conn.execute("select distinct version from publish_manifest").fetchall()
        assert len(version) == 1, version
        for table, rows in manifest.items():
            actual = conn.execute(f"select count(*) from {table}").fetchone()[0]
            assert actual == rows, (table, actual, rows)
        versions.add(version[0][0])
        if not hold:
            conn.close()
        reads += 1
    except Exception as exc:  # every failure is reported to the test
        errors.append(repr(exc))
print(json.dumps({"reads": reads, "errors": errors[:5], "versions": sorted(versions)}))
"""


def _working_warehouse(path: Path, version: int) -> None:
    """A warehouse whose marts change size with each version, so versions are distinguishable."""
    conn = duckdb.connect(str(path))
    conn.execute("create schema if not exists core")
    conn.execute("create schema if not exists analytics")
    conn.execute(
        f"create or replace table core.dim_a as select range as id from range({version * 1000})"
    )
    conn.execute(
        f"create or replace table analytics.mart_b as select range as id from range({version})"
    )
    conn.close()


@pytest.fixture
def working(tmp_path):
    path = tmp_path / "sinergi.duckdb"
    _working_warehouse(path, 1)
    return path


def test_readers_never_fail_and_always_see_one_whole_version(working, tmp_path):
    published = tmp_path / "published"
    publish_marts(working, published, ["dim_a", "mart_b"], version="v1")
    target = published / "sinergi.duckdb"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(target), "6", mode],
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in ("reopen", "reopen", "hold")
    ]
    time.sleep(1.0)
    for version in range(2, 7):
        _working_warehouse(working, version)
        publish_marts(working, published, ["dim_a", "mart_b"], version=f"v{version}")
        time.sleep(0.3)
    outcomes = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    for outcome in outcomes:
        assert outcome["errors"] == []
        assert outcome["reads"] > 0
    reopening = set(outcomes[0]["versions"]) | set(outcomes[1]["versions"])
    assert len(reopening) > 1  # readers that reopen saw new versions arrive
    assert outcomes[2]["versions"] == ["v1"]  # a held connection keeps its snapshot
    final = duckdb.connect(str(target), read_only=True)
    assert final.execute("select count(*) from dim_a").fetchone()[0] == 6000
    final.close()


def test_a_failed_publish_leaves_the_previous_file_and_no_debris(working, tmp_path):
    published = tmp_path / "published"
    publish_marts(working, published, ["dim_a", "mart_b"], version="v1")
    before = (published / "sinergi.duckdb").read_bytes()
    names_before = sorted(p.name for p in published.iterdir())
    with pytest.raises(
        PublishError, match="marts missing from the warehouse: \\['mart_missing'\\]"
    ):
        publish_marts(working, published, ["dim_a", "mart_missing"], version="v2")
    assert (published / "sinergi.duckdb").read_bytes() == before
    assert sorted(p.name for p in published.iterdir()) == names_before
    assert [p.name for p in published.iterdir() if p.name.startswith(".")] == []


def test_published_file_uses_the_storage_format_every_duckdb_1x_reads(working, tmp_path):
    published = tmp_path / "published"
    publish_marts(working, published, ["dim_a", "mart_b"], version="v1")
    conn = duckdb.connect(str(published / "sinergi.duckdb"), read_only=True)
    (storage,) = conn.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = 'sinergi'"
    ).fetchone()
    conn.close()
    assert storage == "v1.0.0+"
