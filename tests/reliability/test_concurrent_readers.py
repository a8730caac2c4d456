"""Eight reader processes query every published mart while the warehouse is published five times.

Four read with DuckDB's Python client (read-only), four through SQLAlchemy and duckdb-engine in
read-only mode, as Superset and other BI tools connect. Half of each kind open a new connection
for every round (as a dashboard refresh does), half hold one connection throughout. Each round
reads ``publish_manifest`` and checks that it names one version and that every mart has exactly the
rows the manifest says: a reader that saw half a publish, or a mix of two, would fail the round.
"""

import json
import subprocess
import sys
import time

import duckdb

from orchestration.defs.publish.assets import MART_KEYS
from orchestration.lib.publish import publish_marts

READER = r"""
import json, sys, time
kind, hold, path, stop = sys.argv[1], sys.argv[2] == "hold", sys.argv[3], sys.argv[4]
from pathlib import Path

if kind == "sqlalchemy":
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool, StaticPool
    engine = create_engine(
        f"duckdb:///{path}", connect_args={"read_only": True},
        poolclass=StaticPool if hold else NullPool,
    )
    def open_connection():
        connection = engine.connect()
        return connection, lambda sql: connection.execute(text(sql)).fetchall()
else:
    import duckdb
    def open_connection():
        connection = duckdb.connect(path, read_only=True)
        return connection, lambda sql: connection.execute(sql).fetchall()

rounds, queries, errors, versions, held = 0, 0, [], set(), None
while not Path(stop).exists():
    try:
        connection, query = held or open_connection()
        if hold:
            held = connection, query
        manifest = query("select version, table_name, row_count from publish_manifest")
        queries += 1
        assert len({v for v, _, _ in manifest}) == 1, manifest
        for _, table, rows in manifest:
            (count,) = query(f'select count(*) from "{table}"')[0]
            query(f'select * from "{table}" limit 5')
            queries += 2
            assert count == rows, (table, count, rows)
        versions.add(manifest[0][0])
        if not hold:
            connection.close()
        rounds += 1
        time.sleep(0.1)  # a dashboard refreshes, it does not spin
    except Exception as exc:  # every failure is reported to the test
        errors.append(repr(exc))
print(json.dumps({"rounds": rounds, "queries": queries, "errors": errors[:5],
                  "error_count": len(errors), "versions": sorted(versions)}))
"""

MODES = ("reopen", "reopen", "hold", "hold")
READERS = [(kind, mode) for kind in ("duckdb", "sqlalchemy") for mode in MODES]


def test_eight_readers_see_whole_versions_during_five_publishes(built_warehouse, tmp_path):
    warehouse, _ = built_warehouse
    published = tmp_path / "published"
    marts = [key.path[-1] for key in MART_KEYS]
    publish_marts(warehouse.file, published, marts, version="v1")
    target, stop = published / "sinergi.duckdb", tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, kind, mode, str(target), str(stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for kind, mode in READERS
    ]
    time.sleep(3)
    started = time.time()
    for version in range(2, 7):
        report = publish_marts(warehouse.file, published, marts, version=f"v{version}")
        assert len(report.row_counts) == len(marts)
        time.sleep(1)
    publishing = time.time() - started
    stop.touch()
    outcomes = [json.loads(r.communicate(timeout=120)[0]) for r in readers]
    for (kind, mode), outcome in zip(READERS, outcomes, strict=True):
        assert outcome["error_count"] == 0, (kind, mode, outcome["errors"])
        assert outcome["rounds"] > 0, (kind, mode)
        if mode == "hold":
            assert outcome["versions"] == ["v1"]  # a held connection keeps its snapshot
    reopening = set().union(
        *(o["versions"] for (_, m), o in zip(READERS, outcomes, strict=True) if m == "reopen")
    )
    assert len(reopening) > 1  # readers that reopen saw new versions arrive
    final = duckdb.connect(str(target), read_only=True)
    assert final.execute("select distinct version from publish_manifest").fetchall() == [("v6",)]
    final.close()
    queries = sum(o["queries"] for o in outcomes)
    print(f"5 publishes in {publishing:.0f} s; {queries} reader queries, 0 errors")
