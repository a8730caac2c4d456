"""When Sinergi runs on its own: a sensor on the landing folder, a daily schedule, and the PIHPS
and BPS WebAPI fetchers (off unless configured).

The landing sensor starts a run when the set of complete files in the landing folder changes. A
file still being copied is not complete: it is skipped while its modification time is younger
than the landing folder's ``settle_seconds`` and picked up on a later tick (a download or copy
named ``*.partial`` or ``*.tmp`` is not a feed file at all until it is renamed). The sensor and
the daily schedule ask for what `make run` would run (``orchestration/refresh``): the ingests with
new or changed files and what is downstream of them, the models that read the clock and the
publish; the whole job after a failed run or a change of code.
"""

import os
from datetime import date

import dagster as dg

from orchestration.lib.landing.discovery import FeedRoot, discover, signatures_digest
from orchestration.lib.landing.feeds import FEEDS
from orchestration.refresh import JOB, refresh_request
from orchestration.resources import LandingResource, WarehouseResource
from sources.bps.layouts import FAMILY as STATISTICS_FAMILY
from sources.bps.webapi import BpsWebApiClient
from sources.prices.pihps_api import PihpsClient

PIHPS_GROUP_IDS = [str(i) for i in range(1, 11)]  # the 10 PIHPS commodity groups of the tree
# A run the sensor starts leaves files still being copied to a later tick instead of watching them.
SENSOR_RUN_CONFIG = {
    "ops": {
        name: {"config": {"watch_young_files": False}}
        for name in ("ingest_prices", "ingest_statistics", "ingest_agreements")
    }
}


def landing_fingerprint(landing: LandingResource, now: float | None = None) -> tuple[str, int]:
    """Digest of the complete landing files (path and stat_key), and how many are still settling."""
    root = FeedRoot(landing.root, landing.root.parent, landing.settle_seconds)
    entries, settling = [], 0
    for family, accepts in FEEDS.items():
        found = discover([root], family, accepts, now)
        settling += len(found.waiting)
        entries += [feed_file.signature() for feed_file in found.ready]
    return signatures_digest(entries), settling


@dg.sensor(
    job_name=JOB,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Refreshes materialize_all (what the new files make stale) when complete files "
    "are added to or changed in the landing folder (pihps/, bapanas/, wfp/, bps/, agreements/, "
    "news/).",
)
def landing_folder_sensor(
    context: dg.SensorEvaluationContext, landing: LandingResource, warehouse: WarehouseResource
):
    digest, settling = landing_fingerprint(landing)
    if not digest or digest == context.cursor:
        return dg.SkipReason(
            f"no new complete files in {landing.root}"
            + (f"; {settling} still being written" if settling else "")
        )
    context.update_cursor(digest)
    return refresh_request(
        context.repository_def,
        context.instance,
        warehouse,
        landing,
        SENSOR_RUN_CONFIG,
        tags={"trigger": "landing_folder"},
        run_key=f"landing-{digest[:16]}",
    )


@dg.schedule(
    job_name=JOB,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Jakarta",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Brings the warehouse up to date every morning at 06:00 WIB: what changed since "
    "the last run, the models that read the date, and the publish.",
)
def daily_refresh(
    context: dg.ScheduleEvaluationContext, landing: LandingResource, warehouse: WarehouseResource
):
    return refresh_request(
        context.repository_def,
        context.instance,
        warehouse,
        landing,
        {},
        tags={"trigger": "daily_refresh"},
    )


@dg.sensor(
    minimum_interval_seconds=24 * 3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Fetches today's PIHPS province snapshot for the 10 commodity groups into "
    "<landing>/pihps/api/ when SINERGI_PIHPS_API_URL names the PIHPS site; the landing sensor "
    "then ingests it. Off by default.",
)
def pihps_api_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
    base_url = os.environ.get("SINERGI_PIHPS_API_URL")
    if not base_url:
        return dg.SkipReason("SINERGI_PIHPS_API_URL is not set: the PIHPS connector is off")
    client = PihpsClient(base_url)
    folder = landing.family_dir("pihps") / "api"
    saved = [client.save_histogram(date.today(), group, folder) for group in PIHPS_GROUP_IDS]
    return dg.SkipReason(f"saved {len(saved)} PIHPS snapshots to {folder}")


@dg.sensor(
    minimum_interval_seconds=24 * 3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Fetches the BPS WebAPI variables listed in SINERGI_BPS_WEBAPI_VARIABLES "
    "(domain:variable, comma-separated, e.g. 1100:101) into <landing>/bps/webapi/ with the key "
    "in BPS_API_KEY; the landing sensor then ingests them. Off by default.",
)
def bps_webapi_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
    api_key = os.environ.get("BPS_API_KEY")
    variables = [v for v in os.environ.get("SINERGI_BPS_WEBAPI_VARIABLES", "").split(",") if v]
    if not api_key or not variables:
        return dg.SkipReason(
            "BPS_API_KEY and SINERGI_BPS_WEBAPI_VARIABLES must both be set: BPS connector off"
        )
    client = BpsWebApiClient(
        api_key, os.environ.get("SINERGI_BPS_WEBAPI_URL", BpsWebApiClient.base_url)
    )
    folder = landing.family_dir(STATISTICS_FAMILY) / "webapi"
    saved = []
    for item in variables:
        domain, variable = item.strip().split(":")
        saved.append(client.save(domain, int(variable), folder))
    return dg.SkipReason(f"saved {len(saved)} BPS WebAPI answers to {folder}")
