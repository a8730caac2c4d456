"""`make run`: bring the warehouse up to date in this process, and say what was published.

The first run, a ``--full-refresh`` and any run after a failed one or a change of code materialize
every asset; otherwise only what is downstream of new or changed files (``orchestration/refresh``).
Uses the Dagster instance in DAGSTER_HOME, so the run, its logs and its check results appear in
the UI that `make dev` serves.
"""

import argparse
import os
import socket
import sys

import dagster as dg
import duckdb

from orchestration.definitions import defs
from orchestration.lib.landing.report import FamilyReport
from orchestration.lib.publish import MANIFEST_TABLE
from orchestration.refresh import execute_refresh, plan_refresh
from orchestration.resources import LANDING_FAMILIES, landing_from_env, warehouse_from_env


def published_summary() -> str:
    warehouse = warehouse_from_env()
    if warehouse.on_spark:  # nothing is published to DuckDB: the marts are the Spark tables
        where = (
            f"Parquet under {warehouse.spark_folder / 'tables'}"
            if warehouse.target == "spark"
            else "in the Thrift server's warehouse"
        )
        return f"Target {warehouse.target}: the marts are Spark tables ({where}); not published."
    published = warehouse.published_dir / "sinergi.duckdb"
    conn = duckdb.connect(str(published), read_only=True)
    try:
        rows = conn.execute(
            f"select version, table_name, row_count from {MANIFEST_TABLE} order by table_name"
        ).fetchall()
    finally:
        conn.close()
    width = max(len(t) for _, t, _ in rows)
    lines = [f"Published {published} (version {rows[0][0]}):"]
    lines += [f"  {table:<{width}}  {count:>10,}" for _, table, count in rows]
    return "\n".join(lines)


# Tags on every run this module starts, so a later start can tell whether its process still lives.
PID_TAG, HOST_TAG = "sinergi/pid", "sinergi/host"
UNFINISHED = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def close_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs an earlier `make run` on this machine started and never finished
    (killed, or the machine went down): they would otherwise show as running for ever, and the
    UI's run queue, which allows one run at a time, would wait on them."""
    host = socket.gethostname()
    abandoned = [
        run
        for run in instance.get_runs(
            filters=dg.RunsFilter(statuses=UNFINISHED, tags={HOST_TAG: host})
        )
        if not _process_alive(int(run.tags.get(PID_TAG, "0") or 0))
    ]
    for run in abandoned:
        instance.report_run_failed(
            run, message=f"the process that ran it (pid {run.tags.get(PID_TAG)}) is gone"
        )
    return [run.run_id for run in abandoned]


def landing_reports(result: dg.ExecuteInProcessResult) -> list[FamilyReport]:
    """Every landing folder's report, from the ingest assets' materializations."""
    reports = []
    for event in result.get_asset_materialization_events():
        value = event.materialization.metadata.get("landing_report")
        if value is not None:
            reports += [FamilyReport.from_json(r) for r in value.value]
    return sorted(reports, key=lambda r: r.family)


def run_summary(result: dg.ExecuteInProcessResult, instance: dg.DagsterInstance) -> str:
    """What the run did, step by step, and per landing folder what it landed, refused and left
    waiting, naming the files."""
    stats = [s for s in instance.get_run_step_stats(result.run_id) if s.start_time and s.end_time]
    width = max([len(s.step_key) for s in stats] + [4])
    lines = [f"Run {result.run_id}:", f"  {'step':<{width}}  seconds"]
    lines += [
        f"  {s.step_key:<{width}}  {s.end_time - s.start_time:>7.1f}"
        for s in sorted(stats, key=lambda s: s.start_time)
    ]
    reports = landing_reports(result)
    totals = {k: sum(r.totals()[k] for r in reports) for k in FamilyReport("").totals()}
    lines.append(
        f"Files read this run: {totals['files_read']} ({totals['files_landed']} landed, "
        f"{totals['files_refused']} refused); {totals['files_still_being_written']} still being "
        f"written; {totals['files_unchanged']} unchanged since they were landed; rows "
        f"quarantined this run: {totals['rows_quarantined_this_run']:,} (see quarantine.* and "
        "meta.ingest_log in the working warehouse)"
    )
    for report in reports:
        lines += report.summary_lines()
    return "\n".join(lines)


def failure_report(result: dg.ExecuteInProcessResult) -> str:
    """The failed steps as sentences: what failed and the error's first line, no traceback."""
    lines = [
        f"The run {result.run_id} stopped before publishing; readers keep the previously "
        "published version. What failed:"
    ]
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            while (
                error is not None
                and error.cause is not None
                and error.cls_name.startswith("Dagster")
            ):  # Dagster wraps the step's own error: say the step's own words
                error = error.cause
            first = error.message.strip().splitlines()[0] if error and error.message else ""
            lines.append(f"  - {event.step_key}: {first or 'no message'}")
    lines.append("The whole log, with tracebacks, is in the Dagster UI: `make dev`, then Runs.")
    return "\n".join(lines)


def run_config(full_refresh: bool) -> dict:
    """Quieter console logs; with ``full_refresh``, every file is re-read and every incremental
    model rebuilt from scratch."""
    config: dict = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    if full_refresh:
        config["ops"] = {
            "ingest_prices": {"config": {"reload_all": True}},
            "ingest_statistics": {"config": {"reload_all": True}},
            "ingest_agreements": {"config": {"reload_all": True}},
            "sinergi_dbt_models": {"config": {"full_refresh": True}},
        }
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Materialize what new or changed files make stale (every asset the first time)."
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="re-read every source file and rebuild incremental models",
    )
    args = parser.parse_args(argv)
    landing = landing_from_env()
    for family in LANDING_FAMILIES:
        landing.family_dir(family)
    with dg.DagsterInstance.get() as instance:
        for run_id in close_abandoned_runs(instance):
            print(f"Run {run_id} was interrupted earlier; marked failed.", file=sys.stderr)
        config = run_config(args.full_refresh)
        repository = defs.get_repository_def()
        plan = plan_refresh(
            repository, instance, warehouse_from_env(), landing, config, args.full_refresh
        )
        print(plan.describe())
        result = execute_refresh(
            repository,
            plan,
            instance,
            config,
            tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()},
        )
        if result is not None and not result.success:
            print(failure_report(result), file=sys.stderr)
            return 1
        if result is not None:
            print(run_summary(result, instance))
    print(published_summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
