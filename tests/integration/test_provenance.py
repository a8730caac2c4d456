"""Provenance: the ingest log describes every source file a run read, and every fact row names a
file the log knows."""

import hashlib
import re

import duckdb
import pytest

from sources.common.paths import REPO_ROOT


@pytest.fixture(scope="module")
def working(built_warehouse):
    warehouse, _ = built_warehouse
    conn = duckdb.connect(str(warehouse.file), read_only=True)
    yield conn
    conn.close()


def test_the_ingest_log_records_each_file_with_its_size_hash_reader_and_counts(working):
    rows = working.execute(
        "select source_file, size_bytes, sha256, reader, status, rows_landed, "
        "rows_quarantined, ingested_at, family from meta.ingest_log"
    ).fetchall()
    assert len(rows) >= 30
    assert {row[-1] for row in rows} >= {"regions", "pihps", "bapanas", "bps", "agreements"}
    for source_file, size, sha256, reader, status, landed, quarantined, at, _ in rows:
        assert not source_file.startswith("/") and ".." not in source_file
        path = REPO_ROOT / source_file  # bundled files are named relative to the repository
        assert path.stat().st_size == size
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
        # a per-file reader function, or the set-based layout that read the file with its batch
        assert re.fullmatch(r"sources\.\w+\.(\w+\.read_\w+|batch_layouts\.\w+)", reader), reader
        assert status == "landed" and landed >= 0 and quarantined >= 0 and at is not None
    golden = working.execute(
        "select reader, rows_landed from meta.ingest_log where source_file = ?",
        ["sources/prices/data/pihps/kalimantan-tengah/kota-sampit/2020.xlsx"],
    ).fetchall()
    assert golden[0][0] == "sources.prices.pihps.read_pihps_daily" and golden[0][1] > 0


def test_every_fact_row_names_a_file_the_ingest_log_landed_or_a_seed(working):
    """Seeds (the national Susenas figure, cited in the seed) are files of the repository."""
    facts = [
        t
        for (t,) in working.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'core' and table_name like 'fct_%' order by 1"
        ).fetchall()
    ]
    assert len(facts) >= 7
    for fact in facts:
        untraced = working.execute(
            f"select distinct source_file from core.{fact} as f where f.source_file is null "
            "or not exists (select 1 from meta.ingest_log as l "
            "where l.source_file = f.source_file and l.status = 'landed')"
        ).fetchall()
        for (source_file,) in untraced:
            assert source_file and source_file.startswith("dbt_project/seeds/"), (fact, untraced)
            assert (REPO_ROOT / source_file).is_file()
