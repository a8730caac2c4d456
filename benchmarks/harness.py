"""`make bench SCALE=...`: the whole pipeline against the floor and the peer, on the same inputs.

For one scale, in one run: generate the inputs into benchmarks/work/<scale>/ (never the real
warehouse), parse the dbt project for that warehouse (``make``'s own step), then measure as
separate processes, each with its whole process tree's peak memory:

1. the pipeline (benchmarks/pipeline.py: ingest, validation, dbt build, publish), per stage;
2. the floor (floor.sql in DuckDB) and the peer (peer.py, pandas), per stage;
3. partner matching alone: the partner models rebuilt by dbt, their own execution time;
4. the incremental case: one more day of prices for every region, then the pipeline again.

Writes benchmarks/results/<scale>.json and, once small and the national scales have results,
benchmarks/results/summary.json with the fixed cost, the marginal ratio and the growth of the
incremental refresh, each against its target. Prints a table.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import generate, measure
from benchmarks.scales import SCALES

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
PYTHON = sys.executable
PARTNER_MODELS = (
    "int_partner_balances int_partner_prices int_partner_region_pairs "
    "int_partner_agreement_links mart_partner_opportunities mart_partner_swaps"
)
GIB = 1024**3
TARGETS = {  # name: (limit, what it is)
    "fixed_s": (60.0, "whole pipeline at small, seconds"),
    "marginal_ratio": (3.0, "(pipeline 10y - small) / (floor 10y - small)"),
    "peak_rss_bytes": (4 * GIB, "peak memory of the pipeline's process tree at national-10y"),
    "incremental_s": (60.0, "one-day refresh at national-10y, seconds"),
    "incremental_growth": (1.2, "one-day refresh at national-10y / at national-1y"),
    "partner_s": (5.0, "partner matching at national-10y, seconds"),
}


def environment(work: Path) -> dict[str, str]:
    home = work / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    return os.environ | {
        "SINERGI_WAREHOUSE": str(work / "warehouse" / "sinergi.duckdb"),
        "SINERGI_LANDING": str(work / "landing"),
        # the generator has finished writing before the pipeline starts: no copy is in progress
        "SINERGI_LANDING_SETTLE_SECONDS": "0",
        "DAGSTER_HOME": str(home),
        "GX_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "PATH": f"{Path(PYTHON).parent}:{os.environ.get('PATH', '')}",
    }


def dbt_command(*args: str) -> list[str]:
    return [
        str(Path(PYTHON).parent / "dbt"), *args,
        "--project-dir", str(REPO / "dbt_project"), "--profiles-dir", str(REPO / "dbt_project"),
    ]  # fmt: skip


def parse_project(env: dict[str, str]) -> None:
    """Parse the dbt project for the benchmark's warehouse, as ``make`` does for its own before
    ``make run``: parsing is part of installing, and the runs after it parse only what changed."""
    subprocess.run(dbt_command("parse", "--quiet"), env=env, check=True, capture_output=True)


def measured(name: str, command: list[str], work: Path, env: dict[str, str]) -> dict:
    result = measure.run(command, work / f"{name}.log", env)
    if result.returncode:
        raise SystemExit(f"{name} failed (exit {result.returncode}); see {work / f'{name}.log'}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {"s": result.seconds, "peak_rss_bytes": result.peak_rss_bytes, **report}


def partner_seconds(work: Path, env: dict[str, str]) -> float:
    """dbt's own execution time for the partner models (its start-up is fixed cost, counted in
    the pipeline)."""
    target = work / "dbt_partner"
    command = dbt_command(
        "run", "--select", *PARTNER_MODELS.split(), "--target-path", str(target),
        "--log-path", str(target),
    )  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    results = json.loads((target / "run_results.json").read_text())["results"]
    return sum(r["execution_time"] for r in results)


def commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    )
    dirty = subprocess.run(  # the results the harness itself writes do not make the code dirty
        ["git", "status", "--porcelain", "--", ".", ":!benchmarks/results"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"cores": os.cpu_count(), "memory_bytes": memory}


def bench(scale_name: str, work_root: Path) -> dict:
    scale = SCALES[scale_name]
    work = work_root / scale_name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"[{scale_name}] generating inputs in {work} ...", flush=True)
    generated = generate.generate(scale, work)
    env = environment(work)
    parse_project(env)
    print(f"[{scale_name}] pipeline ...", flush=True)
    pipeline = measured("pipeline", [PYTHON, "-m", "benchmarks.pipeline"], work, env)
    print(f"[{scale_name}] floor, peer, partner matching ...", flush=True)
    floor = measured("floor", [PYTHON, "-m", "benchmarks.floor", "--work", str(work)], work, env)
    peer = measured("peer", [PYTHON, "-m", "benchmarks.peer", "--work", str(work)], work, env)
    partner = partner_seconds(work, env)
    print(f"[{scale_name}] one more day, incremental refresh ...", flush=True)
    generated["incremental_price_rows"] = generate.extra_day(scale, work)
    incremental = measured("incremental", [PYTHON, "-m", "benchmarks.pipeline"], work, env)
    return {
        "scale": scale_name,
        "generated": generated,
        "pipeline_s": pipeline["s"],
        "pipeline_stages_s": pipeline["stages"],
        "peak_rss_bytes": pipeline["peak_rss_bytes"],
        "floor_s": floor["s"],
        "floor_stages_s": floor["stages"],
        "floor_peak_rss_bytes": floor["peak_rss_bytes"],
        "peer_s": peer["s"],
        "peer_stages_s": peer["stages"],
        "peer_peak_rss_bytes": peer["peak_rss_bytes"],
        "incremental_s": incremental["s"],
        "incremental_stages_s": incremental["stages"],
        "incremental_peak_rss_bytes": incremental["peak_rss_bytes"],
        "partner_s": partner,
        "rows": {"floor": floor["rows"], "peer": peer["rows"]},
        **machine(),
        "commit": commit(),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def summary(records: dict[str, dict]) -> dict | None:
    """Needs small and national-10y (and national-1y for the incremental growth)."""
    small, big, one = records.get("small"), records.get("national-10y"), records.get("national-1y")
    if not (small and big):
        return None
    figures = {
        "fixed_s": small["pipeline_s"],
        "marginal_ratio": (big["pipeline_s"] - small["pipeline_s"])
        / (big["floor_s"] - small["floor_s"]),
        "peak_rss_bytes": big["peak_rss_bytes"],
        "partner_s": big["partner_s"],
        "incremental_s": big["incremental_s"],
        "incremental_growth": big["incremental_s"] / one["incremental_s"] if one else None,
    }
    checks = {
        name: {
            "value": figures[name],
            "limit": limit,
            "what": what,
            "met": figures[name] is not None and figures[name] <= limit,
        }
        for name, (limit, what) in TARGETS.items()
    }
    marginal = big["pipeline_s"] - small["pipeline_s"]
    peer_marginal = big["peer_s"] - small["peer_s"]
    checks["below_peer"] = {
        "value": {
            "marginal_s": marginal,
            "peer_marginal_s": peer_marginal,
            "peak_rss_bytes": big["peak_rss_bytes"],
            "peer_peak_rss_bytes": big["peer_peak_rss_bytes"],
        },
        "what": "pipeline marginal cost and peak memory both below the pandas peer's",
        "met": marginal < peer_marginal and big["peak_rss_bytes"] < big["peer_peak_rss_bytes"],
    }
    return {
        "scale": "summary",
        **figures,
        "targets": checks,
        "from": {k: v["commit"] for k, v in records.items()},
    }


def table(records: dict[str, dict]) -> str:
    lines = [f"{'scale':<13}{'stage':<12}{'pipeline s':>12}{'floor s':>10}{'peer s':>10}"]
    for name, r in records.items():
        stages = sorted(set(r["pipeline_stages_s"]) | set(r["floor_stages_s"]))
        for stage in [*stages, "overall"]:
            cells = [
                f"{r[key].get(stage):.1f}" if stage in r[key] else "-"
                for key in ("pipeline_stages_s", "floor_stages_s", "peer_stages_s")
            ]
            if stage == "overall":
                cells = [f"{r[key]:.1f}" for key in ("pipeline_s", "floor_s", "peer_s")]
            lines.append(f"{name:<13}{stage:<12}{cells[0]:>12}{cells[1]:>10}{cells[2]:>10}")
        peaks = [r[key] / GIB for key in ("peak_rss_bytes", "floor_peak_rss_bytes")]
        peaks.append(r["peer_peak_rss_bytes"] / GIB)
        lines.append(
            f"{name:<13}incremental {r['incremental_s']:.1f} s, partner {r['partner_s']:.2f} s, "
            f"peak {peaks[0]:.2f} GiB (floor {peaks[1]:.2f}, peer {peaks[2]:.2f})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="where inputs and warehouses go"
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    record = bench(args.scale, args.work)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{args.scale}.json").write_text(json.dumps(record, indent=2) + "\n")
    records = {
        name: json.loads((args.results / f"{name}.json").read_text())
        for name in SCALES
        if (args.results / f"{name}.json").exists()
    }
    print(table(records))
    overall = summary(records)
    if overall:
        (args.results / "summary.json").write_text(json.dumps(overall, indent=2) + "\n")
        for name, check in overall["targets"].items():
            verdict = "met" if check["met"] else "MISSED"
            print(f"  {name:<20} {verdict:<7} {check['value']}  ({check['what']})")


if __name__ == "__main__":
    main()
