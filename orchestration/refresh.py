"""What a refresh runs: the ingests that have new or changed files, everything downstream of
them, the models that read the clock, and the publish; nothing else.

A run of the whole job re-checks every source and rebuilds every model, though on a daily
refresh only the price files changed: at national-10y, ``dbt build`` of the whole project takes
30.6 s where the models downstream of the prices take 15.6 s, and the statistics, agreements and
region ingests and their Great Expectations suites would run for nothing. The selection is made
before the run starts, because Dagster skips every step downstream of an output an asset did not
yield, the publish included (dagster-io/dagster#9408); dagster-dbt then turns the selected models
into dbt's ``--select``. `make run` executes the plan in its own process; the landing sensor and
the daily schedule hand the same plan to the daemon (``refresh_request``).

An ingest is stale when the digest of its folders (each file's name and ``stat_key``: size,
modification and change times, inode; and the seeds it reads with) differs from the
``landing_digest`` its last materialization recorded. Digests cannot see a change of code, settings
or a broken run, so the whole job runs when any of these holds: ``--full-refresh``; no warehouse or
no published file yet; the last run on the instance did not succeed, was not this job, or was
started by other code or settings (its ``sinergi/build_fingerprint`` tag differs: dbt project,
Python sources, warehouse, landing folder and target); the target is Spark, whose raw zone is
exported whole for every build anyway. Each successful run leaves the warehouse equal to a whole
run over the same files, so the next one can start from it.
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from orchestration.defs.ingest.agreements import AGREEMENTS, ingest_agreements
from orchestration.defs.ingest.factory import DIGEST, FeedIngest, ingest_roots, landing_digest
from orchestration.defs.ingest.prices import PRICES, ingest_prices
from orchestration.defs.ingest.regions import RegionMasterConfig, ingest_regions, master_digest
from orchestration.defs.ingest.statistics import STATISTICS, ingest_statistics
from orchestration.defs.publish.assets import published_warehouse
from orchestration.defs.warehouse.assets import sinergi_dbt_models
from orchestration.lib.publish import PUBLISHED_FILE
from orchestration.resources import LandingResource, WarehouseResource
from sources.common.paths import REPO_ROOT

JOB = "materialize_all"
BUILD_TAG = "sinergi/build_fingerprint"
DBT_OP = sinergi_dbt_models.op.name
CLOCK_TAG = "reads_clock"  # dbt tag of models whose rows change with the date alone
# What a run's result depends on besides its input files, as patterns under the repository.
BUILD_SOURCES = (
    "dbt_project/dbt_project.yml",
    "dbt_project/profiles.yml",
    *(
        f"dbt_project/{folder}/**/*"
        for folder in ("models", "macros", "materializations", "seeds", "snapshots", "tests")
    ),
    "sources/**/*.py",
    "orchestration/**/*.py",
)


def build_fingerprint(warehouse: WarehouseResource, landing: LandingResource) -> str:
    """A digest of the code and the settings a run builds with."""
    digest = hashlib.sha256()
    for setting in (warehouse.file, warehouse.published_dir, warehouse.target, landing.root):
        digest.update(f"{setting}\0".encode())
    for pattern in BUILD_SOURCES:
        for path in sorted(p for p in REPO_ROOT.glob(pattern) if p.is_file()):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _feed(ingest: FeedIngest) -> Callable[[Mapping, LandingResource], str]:
    return lambda config, landing: landing_digest(
        ingest, ingest_roots(ingest, config.get("bundled_dir", ""), landing)
    )


# ingest op -> (its assets, the digest its next run would record, from the op's config)
INGESTS: dict[str, tuple[dg.AssetsDefinition, Callable[[Mapping, LandingResource], str]]] = {
    "ingest_regions": (
        ingest_regions,
        lambda config, _: master_digest(
            Path(config.get("data_dir") or RegionMasterConfig().data_dir)
        ),
    ),
    "ingest_prices": (ingest_prices, _feed(PRICES)),
    "ingest_statistics": (ingest_statistics, _feed(STATISTICS)),
    "ingest_agreements": (ingest_agreements, _feed(AGREEMENTS)),
}


@dataclass(frozen=True)
class RefreshPlan:
    """What to run and why. ``assets`` None: the whole job; empty: nothing."""

    fingerprint: str
    reason: str
    stale: tuple[str, ...] = ()
    assets: frozenset[dg.AssetKey] | None = None
    checks: frozenset[dg.AssetCheckKey] = field(default_factory=frozenset)
    # the end of the last run (ISO, UTC): it passed every check on all that landed before
    checks_since: str = ""

    @property
    def everything(self) -> bool:
        return self.assets is None

    def describe(self) -> str:
        if self.everything:
            return f"Running every asset: {self.reason}."
        if not self.assets:
            return f"Nothing to refresh: {self.reason}."
        skipped = [name for name in INGESTS if name not in self.stale]
        return (
            f"Refreshing {len(self.assets)} assets downstream of "
            f"{', '.join(self.stale) or 'the models that read the clock'} ({self.reason}); "
            f"not run, no file changed since they last landed: {', '.join(skipped) or 'none'}."
        )


def _why_everything(
    instance: dg.DagsterInstance,
    warehouse: WarehouseResource,
    fingerprint: str,
    full_refresh: bool,
) -> tuple[str, dg.RunRecord | None]:
    """Why the whole job must run ("" when a selection will do), and the last run's record."""
    if full_refresh:
        return "a full refresh was asked for", None
    if warehouse.on_spark:
        return f"target {warehouse.target} exports the whole raw zone for every build", None
    if not warehouse.file.exists() or not (warehouse.published_dir / PUBLISHED_FILE).exists():
        return "there is no warehouse or no published file yet", None
    records = instance.get_run_records(limit=1)
    if not records:
        return "no earlier run is recorded in this Dagster instance", None
    last = records[0]
    run = last.dagster_run
    if run.status != dg.DagsterRunStatus.SUCCESS:
        return f"the last run ({run.run_id}) ended {run.status.value}", last
    if run.job_name != JOB or run.tags.get(BUILD_TAG) != fingerprint:
        return (
            f"the last run ({run.run_id}) was not a `make run` with this code and settings",
            last,
        )
    return "", last


def _recorded_digest(instance: dg.DagsterInstance, asset: dg.AssetsDefinition) -> str | None:
    event = instance.get_latest_materialization_event(next(iter(sorted(asset.keys))))
    entry = event.asset_materialization.metadata.get(DIGEST) if event else None
    return entry.value if entry is not None else None


def _run_date(record: dg.RunRecord) -> date:
    return datetime.fromtimestamp(record.start_time or record.create_timestamp.timestamp()).date()


def _run_end(record: dg.RunRecord) -> datetime:
    """When a finished run ended: all it landed was landed, and tested, before then."""
    return datetime.fromtimestamp(record.end_time or record.update_timestamp.timestamp(), UTC)


def plan_refresh(
    repository: dg.RepositoryDefinition,
    instance: dg.DagsterInstance,
    warehouse: WarehouseResource,
    landing: LandingResource,
    run_config: Mapping,
    full_refresh: bool = False,
    today: date | None = None,
) -> RefreshPlan:
    """What the next run of ``materialize_all`` with ``run_config`` must execute (``repository``:
    the code location's, ``Definitions.get_repository_def()``)."""
    fingerprint = build_fingerprint(warehouse, landing)
    reason, last = _why_everything(instance, warehouse, fingerprint, full_refresh)
    if reason:
        return RefreshPlan(fingerprint, reason)
    ops = run_config.get("ops", {})
    stale = tuple(
        name
        for name, (asset, digest) in INGESTS.items()
        if digest(ops.get(name, {}).get("config", {}), landing) != _recorded_digest(instance, asset)
    )
    since = f"since the last run ({last.dagster_run.run_id})"
    if not stale and _run_date(last) == (today or date.today()):
        return RefreshPlan(fingerprint, f"no file changed {since}", assets=frozenset())
    changed = [key for name in stale for key in INGESTS[name][0].keys]
    selection = (
        dg.AssetSelection.assets(*changed).downstream()
        | dg.AssetSelection.tag(CLOCK_TAG, "").downstream()
        | dg.AssetSelection.assets(published_warehouse.key)
    )
    return RefreshPlan(
        fingerprint,
        f"files changed {since}" if stale else f"a new day {since}",
        stale,
        frozenset(selection.resolve(repository.asset_graph)),
        frozenset(selection.resolve_checks(repository.asset_graph)),
        _run_end(last).isoformat(),
    )


def _selected(
    job: dg.JobDefinition, plan: RefreshPlan, run_config: Mapping
) -> tuple[dg.JobDefinition, dict]:
    """The part of the job ``plan`` selects, and the run config cut to the ops it runs, as
    Dagster refuses config for any other. The dbt build's tests look at what landed since the
    last run: that run passed them all, with this code, on everything before."""
    if plan.everything:
        return job, dict(run_config)
    job = job.get_subset(asset_selection=plan.assets, asset_check_selection=plan.checks)
    selected = {node.name for node in job.graph.nodes}
    ops = {name: op for name, op in run_config.get("ops", {}).items() if name in selected}
    if DBT_OP in selected:
        dbt_op = ops.get(DBT_OP, {})
        ops[DBT_OP] = {
            **dbt_op,
            "config": {**dbt_op.get("config", {}), "checks_since": plan.checks_since},
        }
    return job, {**run_config, "ops": ops}


def execute_refresh(
    repository: dg.RepositoryDefinition,
    plan: RefreshPlan,
    instance: dg.DagsterInstance,
    run_config: Mapping,
    tags: Mapping[str, str] | None = None,
) -> dg.ExecuteInProcessResult | None:
    """Run what ``plan`` selects in this process (None when it selects nothing)."""
    if not (plan.everything or plan.assets):
        return None
    job, run_config = _selected(repository.get_job(JOB), plan, run_config)
    return job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config=run_config,
        tags={**(tags or {}), BUILD_TAG: plan.fingerprint},
    )


def refresh_request(
    repository: dg.RepositoryDefinition,
    instance: dg.DagsterInstance,
    warehouse: WarehouseResource,
    landing: LandingResource,
    run_config: Mapping,
    tags: Mapping[str, str],
    run_key: str | None = None,
) -> dg.RunRequest | dg.SkipReason:
    """What the landing sensor and the daily schedule ask the daemon to run: the same plan as
    `make run`'s, so a run they start costs what changed too (and, tagged like one, lets the
    next `make run` refresh from it)."""
    plan = plan_refresh(repository, instance, warehouse, landing, run_config)
    if not (plan.everything or plan.assets):
        return dg.SkipReason(plan.describe())
    _, run_config = _selected(repository.get_job(JOB), plan, run_config)
    return dg.RunRequest(
        run_key=run_key,
        run_config=run_config,
        tags={**tags, BUILD_TAG: plan.fingerprint},
        asset_selection=None if plan.everything else list(plan.assets),
        asset_check_keys=None if plan.everything else list(plan.checks),
    )
