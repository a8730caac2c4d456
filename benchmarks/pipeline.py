"""The whole Sinergi pipeline (ingest, validation, dbt build, publish) on the benchmark's inputs.

The same job, run configuration and refresh selection as ``make run`` (``orchestration.run``;
the first run materializes every asset, a refresh what the new files make stale), with one
difference:
the bundled snapshot of prices and statistics is replaced by an empty folder, so the pipeline
reads exactly the generated files the floor and the peer read. Regions and agreements still come
from the snapshot (they are reference data, not volume). Prints one JSON line: the run's success
and the seconds spent per stage, from Dagster's own step records.
"""

import json
import sys
import tempfile

import dagster as dg

from orchestration.definitions import defs
from orchestration.refresh import execute_refresh, plan_refresh
from orchestration.resources import LANDING_FAMILIES, landing_from_env, warehouse_from_env
from orchestration.run import run_config

STAGES = (  # step key prefix -> stage; the first match wins
    ("ingest_", "ingest"),
    ("sinergi_dbt", "dbt build"),
    ("publish", "publish"),
)


def stage_of(step_key: str) -> str:
    """Steps are named after their assets; Great Expectations checks and the rest are
    'validation'."""
    return next((stage for prefix, stage in STAGES if step_key.startswith(prefix)), "validation")


def main() -> int:
    landing = landing_from_env()
    for family in LANDING_FAMILIES:
        landing.family_dir(family)
    config = run_config(full_refresh=False)
    with tempfile.TemporaryDirectory() as no_snapshot:
        ops = config.setdefault("ops", {})
        for op in ("ingest_prices", "ingest_statistics"):
            ops.setdefault(op, {"config": {}})["config"]["bundled_dir"] = no_snapshot
        with dg.DagsterInstance.get() as instance:
            repository = defs.get_repository_def()
            plan = plan_refresh(repository, instance, warehouse_from_env(), landing, config)
            print(plan.describe(), file=sys.stderr)
            result = execute_refresh(repository, plan, instance, config)
            if result is None:
                raise SystemExit("the benchmark's run found nothing to do")
            stats = instance.get_run_step_stats(result.run_id)
    stages: dict[str, float] = {}
    for step in stats:
        if step.start_time and step.end_time:
            stage = stage_of(step.step_key)
            stages[stage] = stages.get(stage, 0.0) + step.end_time - step.start_time
    steps = {s.step_key: round(s.end_time - s.start_time, 2) for s in stats if s.end_time}
    print(json.dumps({"success": result.success, "stages": stages, "steps": steps}))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
