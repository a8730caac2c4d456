"""The Dagster instance's event log: Dagster's SQLite storage, keeping its connections open.

Dagster's ``SqliteEventLogStorage`` (1.13) creates a SQLAlchemy engine for every event it stores.
It connects, commits, and disposes of the engine again, once against the run's shard and, for
asset, check and run-status events, once more against the index shard. A `make run` at `small`
made ~5,500 such connections. With the fsync of every commit, that was ~10 s of the pipeline's
fixed cost. This subclass changes two things:
- It keeps one engine per shard for the life of the process. Only the most recently used few are
  kept, so a long-lived UI does not hold a file open for every run it has shown.
- Its connections commit with ``synchronous=NORMAL`` when the file is in WAL mode, which Dagster
  sets on every shard it creates. A killed process then loses nothing it committed. A power cut
  may lose the last events, but never the file's consistency.

Everything else, schema and files included, is Dagster's own, so the UI and `dagster dev` read
the same history. ``dagster.yaml`` names this class.
"""

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import sqlalchemy
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import event

# Engines kept open per process: the index shard and the runs in progress or shown last.
ENGINES_KEPT = 8


def _commit_without_fsync_in_wal(dbapi_connection, _record) -> None:
    """``synchronous=NORMAL`` on a new connection, if its file is in WAL mode. In rollback-journal
    mode, NORMAL is not safe against a power cut, so the default is kept there."""
    cursor = dbapi_connection.cursor()
    try:
        (mode,) = cursor.execute("pragma journal_mode").fetchone()
        if mode.lower() == "wal":
            cursor.execute("pragma synchronous=NORMAL")
    finally:
        cursor.close()


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with one engine per shard, kept open (see the module docstring)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, sqlalchemy.Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict
    ) -> "PooledSqliteEventLogStorage":
        """``base_dir`` defaults to where Dagster's own default puts the event log:
        ``$DAGSTER_HOME/history/runs``."""
        base_dir = config_value.get("base_dir")
        if base_dir is None:
            home = os.environ.get("DAGSTER_HOME")
            if not home:
                raise dg.DagsterInvariantViolationError(
                    "PooledSqliteEventLogStorage needs base_dir in its config or DAGSTER_HOME set"
                )
            base_dir = os.path.join(home, "history", "runs")
        return cls(base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> sqlalchemy.Engine:
        """The shard's engine, created on first use; the least recently used beyond
        ``ENGINES_KEPT`` is disposed of. The caller holds ``_db_lock``."""
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = sqlalchemy.create_engine(
                self.conn_string_for_shard(shard),
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            event.listen(engine, "connect", _commit_without_fsync_in_wal)
        self._engines[shard] = engine
        while len(self._engines) > ENGINES_KEPT:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sqlalchemy.Connection]:
        """One transaction on the shard, as Dagster's, through the shard's kept engine."""
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
                engine.dispose()  # the next connection sees the WAL mode _initdb sets
            with engine.connect() as conn, conn.begin():
                yield conn

    def _dispose_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        """Connections are closed before Dagster deletes the shard files under them."""
        self._dispose_engines()
        super().wipe()

    def dispose(self) -> None:
        super().dispose()
        self._dispose_engines()
