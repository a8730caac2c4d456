"""Run floor.sql against a benchmark folder; print one JSON line with seconds per stage."""

import argparse
import json
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "dbt_project" / "seeds"


def stages(script: str) -> list[tuple[str, str]]:
    """Split the script at its ``-- stage: <name>`` lines."""
    parts: list[tuple[str, str]] = []
    for line in script.splitlines():
        if line.startswith("-- stage:"):
            parts.append((line.split(":", 1)[1].strip(), ""))
        elif parts:
            parts[-1] = (parts[-1][0], parts[-1][1] + line + "\n")
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    script = (HERE / "floor.sql").read_text()
    for name, folder in (("landing", "landing"), ("truth", "truth")):
        script = script.replace("{" + name + "}", str(args.work / folder))
    script = script.replace("{seeds}", str(SEEDS))
    database = args.work / "floor.duckdb"
    database.unlink(missing_ok=True)
    conn = duckdb.connect(str(database))
    seconds = {}
    for name, sql in stages(script):
        start = time.perf_counter()
        conn.execute(sql)
        seconds[name] = time.perf_counter() - start
    rows = {
        t: conn.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("price_fact", "disparity_daily", "balance", "partner_top10")
    }
    conn.close()
    print(json.dumps({"stages": seconds, "rows": rows}))


if __name__ == "__main__":
    main()
