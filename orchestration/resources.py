"""Where Sinergi reads and writes: one environment variable per place, resolved once.

``SINERGI_WAREHOUSE`` names the working DuckDB file for Dagster *and* dbt (the dbt profile reads
the same variable; the dbt asset hands it the resource's absolute path). ``SINERGI_LANDING`` is the
folder users drop new source files into, one subfolder per source family. Published output and
Great Expectations Data Docs live beside the warehouse file, so a temporary warehouse in a test
gets its own.

``SINERGI_TARGET`` picks the engine dbt builds with: ``duckdb`` (the default) builds in the
warehouse file; ``spark`` and ``spark_thrift`` build Spark tables from the raw zone exported as
Parquet to ``SINERGI_SPARK_DIR`` (default: ``spark/`` beside the warehouse file), which also holds
the local session's tables and metastore. The dbt profile reads the same variables.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.lib.landing.discovery import DEFAULT_STABLE_SECONDS
from sources.common.paths import REPO_ROOT

DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "sinergi.duckdb"
DEFAULT_LANDING = REPO_ROOT / "warehouse" / "landing"
LANDING_FAMILIES = ("pihps", "bapanas", "wfp", "bps", "agreements", "news")

# Files stay readable by DuckDB 1.4+, which BI drivers bundle (DuckDB 1.5 writes a newer format).
STORAGE_VERSION = "v1.4.0"
# DuckDB's working memory per process (Python steps, dbt, publish); beyond it DuckDB spills to
# disk. The dbt profile reads the same variable with the same default. 2GB keeps the whole
# pipeline's process tree within a few GiB at national scale; raise it on a bigger machine.
MEMORY_LIMIT_VARIABLE = "SINERGI_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "2GB"


# The dbt profile's outputs (dbt_project/profiles.yml).
TARGET_VARIABLE = "SINERGI_TARGET"
TARGETS = ("duckdb", "spark", "spark_thrift")
SPARK_DIR_VARIABLE = "SINERGI_SPARK_DIR"


def duckdb_config() -> dict[str, str]:
    return {"memory_limit": os.environ.get(MEMORY_LIMIT_VARIABLE, "") or DEFAULT_MEMORY_LIMIT}


def _absolute(value: str) -> str:
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else (REPO_ROOT / path))


class WarehouseResource(dg.ConfigurableResource):
    """The working DuckDB warehouse: one writer at a time, never opened by BI tools."""

    path: str
    target: str = "duckdb"
    spark_dir: str = ""

    @property
    def file(self) -> Path:
        return Path(_absolute(self.path))

    @property
    def on_spark(self) -> bool:
        """dbt builds on Spark: the marts are Spark tables, the warehouse file holds the landing."""
        if self.target not in TARGETS:
            raise ValueError(f"unknown dbt target '{self.target}'; expected one of {TARGETS}")
        return self.target != "duckdb"

    @property
    def spark_folder(self) -> Path:
        """The Spark target's folder: ``raw/`` (the exported raw zone), ``tables/``, metastore."""
        return Path(_absolute(self.spark_dir)) if self.spark_dir else self.file.parent / "spark"

    @property
    def raw_zone_dir(self) -> Path:
        return self.spark_folder / "raw"

    @property
    def published_dir(self) -> Path:
        return self.file.parent / "published"

    @property
    def data_docs_dir(self) -> Path:
        return self.file.parent / "gx"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the warehouse and always close it, so the next step (or dbt) can take it."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        config = duckdb_config()
        if not read_only:
            config["storage_compatibility_version"] = STORAGE_VERSION
        conn = duckdb.connect(str(self.file), read_only=read_only, config=config)
        conn.execute("set enable_progress_bar = false")
        try:
            yield conn
        finally:
            conn.close()


# A landing file modified less than this long ago may still be being copied; a run a person
# started watches it this long and reads it if it did not change meanwhile.
SETTLE_SECONDS_VARIABLE = "SINERGI_LANDING_SETTLE_SECONDS"
DEFAULT_SETTLE_SECONDS = 10.0
STABLE_SECONDS_VARIABLE = "SINERGI_LANDING_STABLE_SECONDS"


class LandingResource(dg.ConfigurableResource):
    """The landing folder: ``<landing>/<family>/...`` files waiting to be ingested. A file
    modified less than ``settle_seconds`` ago may be a copy in progress: the landing sensor leaves
    it for a later tick; a run watches it ``stable_seconds`` and reads it if it did not change."""

    path: str
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    stable_seconds: float = DEFAULT_STABLE_SECONDS

    @property
    def root(self) -> Path:
        return Path(_absolute(self.path))

    def family_dir(self, family: str) -> Path:
        if family not in LANDING_FAMILIES:
            raise ValueError(
                f"unknown source family '{family}'; expected one of {LANDING_FAMILIES}"
            )
        folder = self.root / family
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def warehouse_from_env() -> WarehouseResource:
    return WarehouseResource(
        path=_absolute(os.environ.get("SINERGI_WAREHOUSE", "") or str(DEFAULT_WAREHOUSE)),
        target=os.environ.get(TARGET_VARIABLE, "") or "duckdb",
        spark_dir=os.environ.get(SPARK_DIR_VARIABLE, ""),
    )


def landing_from_env() -> LandingResource:
    settle = os.environ.get(SETTLE_SECONDS_VARIABLE, "")
    stable = os.environ.get(STABLE_SECONDS_VARIABLE, "")
    return LandingResource(
        path=_absolute(os.environ.get("SINERGI_LANDING", "") or str(DEFAULT_LANDING)),
        settle_seconds=float(settle) if settle else DEFAULT_SETTLE_SECONDS,
        stable_seconds=float(stable) if stable else DEFAULT_STABLE_SECONDS,
    )
