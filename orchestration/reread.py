"""`make reread FILE=...`: have the next run read one landed file again, as if it were new.

The ingest log remembers each file's content and the seeds it was read with, so a run skips a
file it has landed. After a reader or a contract changes, or to see a file's quarantine again, a
person can ask for one file to be read again without re-reading everything (FULL_REFRESH=1):
this adds a log entry that is not 'landed', so the next run reads the file and replaces the rows
its earlier landing left.
"""

import argparse
import sys
from datetime import UTC, datetime

import duckdb

from orchestration.lib.landing.ingest_log import INGEST_LOG, ensure_log
from orchestration.resources import warehouse_from_env


def request_reread(conn: duckdb.DuckDBPyConnection, source_file: str) -> str:
    ensure_log(conn)
    known = conn.execute(
        f"select family, size_bytes, sha256 from {INGEST_LOG} where source_file = ? "
        "order by ingested_at desc limit 1",
        [source_file],
    ).fetchone()
    if known is None:
        names = conn.execute(
            f"select distinct source_file from {INGEST_LOG} "
            "where source_file ilike '%' || ? || '%' order by 1 limit 5",
            [source_file.rsplit("/", 1)[-1]],
        ).fetchall()
        hint = "; did you mean " + ", ".join(n for (n,) in names) if names else ""
        raise SystemExit(f"{source_file} is not in {INGEST_LOG}{hint}")
    conn.execute(
        f"insert into {INGEST_LOG} (family, source_file, size_bytes, sha256, status, "
        "rows_landed, rows_duplicate, rows_quarantined, message, ingested_at) "
        "values (?, ?, ?, ?, 'reread_requested', 0, 0, 0, ?, ?)",
        [
            known[0],
            source_file,
            known[1],
            known[2],
            "asked to be read again (make reread)",
            datetime.now(UTC),
        ],
    )
    return f"{source_file} will be read again by the next run (make run)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_file", help="as meta.ingest_log names it, e.g. landing/wfp/x.csv")
    with warehouse_from_env().connect() as conn:
        print(request_reread(conn, parser.parse_args(argv).source_file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
