"""`kill -9` of `make run` during ingest, during `dbt build` and during publish (real processes).

One good run first. Then each fault: a run is started as `make run` starts it (``python -m
orchestration.run``, its own process group, so the dbt subprocess dies with it), killed with
SIGKILL at the stage named, and followed by a normal run. After every kill the published file
is byte for byte the last good one; every following run completes, the working warehouse's raw
tables agree with its ingest log, and the published marts hold exactly the content of the first
run (content hashes in publish_manifest). A BPS_API_KEY set for all runs appears in none of
their output, the Dagster instance's files, the warehouse or the published file.
"""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from sources.common.paths import REPO_ROOT

SECRET = "sinergi-test-secret-4f9c2a71"
STAGING = ".staging-"
DBT_PROGRESS = re.compile(r"\b(\d+) of (\d+) START ")


def _dbt_midway(run: "Run", published: Path) -> bool:
    """dbt has started its 20th node (of about 200): models are being rebuilt."""
    return any(int(m.group(1)) >= 20 for m in DBT_PROGRESS.finditer(run.output))


class Run:
    """One `make run` process; its output is collected line by line as it comes."""

    def __init__(self, env: dict[str, str], *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.run", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._collect, daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, condition, timeout: float = 600) -> None:
        deadline = time.time() + timeout
        while not condition():
            ended = self.process.poll() is not None
            assert not ended, f"run ended before the fault:\n{self.output[-3000:]}"
            assert time.time() < deadline, "the stage to kill never came"
            time.sleep(0.02)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        self.reader.join(timeout=10)

    def finish(self, timeout: float = 900) -> int:
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=10)
        return code


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(published: Path) -> tuple[str, dict[str, tuple[int, str]]]:
    conn = duckdb.connect(str(published), read_only=True)
    rows = conn.execute(
        "select version, table_name, row_count, content_hash from publish_manifest"
    ).fetchall()
    conn.close()
    return rows[0][0], {table: (count, digest) for _, table, count, digest in rows}


def _raw_tables_match_the_log(warehouse: Path) -> None:
    """Every source file with rows in a raw table has a 'landed' log entry, and the other way
    round for files that landed rows: no file is half landed or landed without its record."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    tables = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('raw_prices', 'raw_bps', 'raw_agreements') "
        "and table_name <> 'touched_periods'"
    ).fetchall()
    in_tables = set()
    for (table,) in tables:
        in_tables |= {
            f for (f,) in conn.execute(f"select distinct source_file from {table}").fetchall()
        }
    latest = dict(
        conn.execute(
            "select source_file, arg_max(status, ingested_at) from meta.ingest_log group by 1"
        ).fetchall()
    )
    with_rows = {
        f
        for (f,) in conn.execute(
            "select source_file from meta.ingest_log where status = 'landed' "
            "and rows_landed > 0 and family not in ('news', 'regions')"
        ).fetchall()
    }
    conn.close()
    assert {f for f in in_tables if latest.get(f) != "landed"} == set()
    assert with_rows - in_tables == set()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A warehouse, landing folder and Dagster home of its own, as `make` sets them up."""
    root = tmp_path_factory.mktemp("kills")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = os.environ | {
        "SINERGI_WAREHOUSE": str(root / "warehouse" / "sinergi.duckdb"),
        "SINERGI_LANDING": str(root / "landing"),
        "SINERGI_LANDING_SETTLE_SECONDS": "0",
        "DAGSTER_HOME": str(home),
        "BPS_API_KEY": SECRET,
        "GX_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    first = Run(env)
    assert first.finish() == 0, first.output[-3000:]
    published = root / "warehouse" / "published" / "sinergi.duckdb"
    return env, root, published, _manifest(published)[1], [first]


KILL_POINTS = {
    # stage -> (arguments of the killed run, when to kill it)
    # a PIHPS workbook's landing line: the per-file family is part way through
    "ingest": (["--full-refresh"], lambda run, published: "data/pihps/" in run.output),
    "dbt build": (["--full-refresh"], _dbt_midway),
    # a run with nothing new does nothing (orchestration/refresh), so the killed run is a full one
    "publish": (
        ["--full-refresh"],
        lambda run, published: any(p.name.startswith(STAGING) for p in published.parent.iterdir()),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("stage", list(KILL_POINTS))
def test_kill_9_leaves_the_last_good_publish_and_the_next_run_completes(project, stage):
    env, root, published, first_content, runs = project
    last_good = _sha256(published)
    last_version = _manifest(published)[0]
    arguments, reached = KILL_POINTS[stage]
    killed = Run(env, *arguments)
    killed.wait_for(lambda: reached(killed, published))
    killed.kill()
    runs.append(killed)
    assert _sha256(published) == last_good  # never missing, never half written
    assert _manifest(published)[0] == last_version
    following = Run(env)
    assert following.finish() == 0, following.output[-3000:]
    runs.append(following)
    assert "was interrupted earlier; marked failed" in following.output
    _raw_tables_match_the_log(Path(env["SINERGI_WAREHOUSE"]))
    version, content = _manifest(published)
    assert version != last_version
    assert content == first_content  # same inputs, same marts, whatever was killed


@pytest.mark.slow
def test_the_bps_api_key_is_in_no_output_no_log_and_no_file(project):
    env, root, _, _, runs = project
    assert len(runs) > 1
    for run in runs:
        assert SECRET not in run.output
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), path
