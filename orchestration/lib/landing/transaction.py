"""The one transaction helper: a landing writes its rows, its quarantine and its log entries
together or not at all, so a crash (or a kill) never leaves half a file in the raw zone."""

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def atomic(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    conn.execute("begin transaction")
    try:
        yield conn
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")
