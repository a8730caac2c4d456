"""The landing sensor and the PIHPS API connector, without a running Dagster daemon."""

import json
import os
import shutil
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from orchestration.defs.automation import landing_folder_sensor, pihps_api_sensor
from orchestration.refresh import BUILD_TAG
from orchestration.resources import LandingResource, WarehouseResource
from sources.common.commodities import default_dictionary
from sources.prices.pihps_api import PihpsClient, read_pihps_api_json
from tests.conftest import FIXTURES

RECORDED = (
    Path(__file__).parents[2] / "sources/prices/data/pihps/api/histogram_2020-07-20_telur-ayam.json"
)


def _tick(landing: LandingResource, cursor: str | None = None):
    """One evaluation of the sensor, for a warehouse not built yet (so the whole job)."""
    warehouse = WarehouseResource(path=str(landing.root.parent / "warehouse" / "sinergi.duckdb"))
    resources = {"landing": landing, "warehouse": warehouse}
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            cursor=cursor,
            resources=resources,
            definitions=build_definitions(warehouse, landing),
        )
        return landing_folder_sensor(context), context.cursor


def _drop(landing: LandingResource, name: str, age_seconds: float = 60) -> Path:
    target = landing.family_dir("wfp") / name
    shutil.copy(FIXTURES / "prices/wfp_market_hdx.csv", target)
    past = time.time() - age_seconds
    os.utime(target, (past, past))
    return target


def test_sensor_requests_one_run_per_new_set_of_files(tmp_path):
    landing = LandingResource(path=str(tmp_path / "landing"))
    result, cursor = _tick(landing)
    assert isinstance(result, dg.SkipReason)
    _drop(landing, "a.csv")
    result, cursor = _tick(landing, cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.tags["trigger"] == "landing_folder" and BUILD_TAG in result.tags
    assert result.asset_selection is None  # no warehouse yet: the whole job
    again, _ = _tick(landing, cursor)
    assert isinstance(again, dg.SkipReason)  # nothing new: no second run


def test_a_file_still_being_written_is_not_picked_up(tmp_path):
    landing = LandingResource(path=str(tmp_path / "landing"))
    _drop(landing, "copying.csv", age_seconds=0)
    result, _ = _tick(landing)
    assert isinstance(result, dg.SkipReason)
    assert "1 still being written" in result.skip_message
    _drop(landing, "big.csv.partial")  # not a feed file until it is renamed
    result, _ = _tick(landing)
    assert isinstance(result, dg.SkipReason)


class _Recorded(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Recorded.requests.append(self.path)
        body = RECORDED.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded_pihps():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorded.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/hargapangan"
    server.shutdown()


def test_pihps_client_fetches_and_saves_a_snapshot_the_reader_reads(
    recorded_pihps, tmp_path, resolver
):
    client = PihpsClient(recorded_pihps)
    saved = client.save_histogram(date(2020, 7, 20), "4", tmp_path / "pihps" / "api")
    assert saved.name == "2020-07-20_4.json"
    assert _Recorded.requests == [
        "/hargapangan/WebSite/Home/GetHistogramData?tanggal=20+Jul+2020&commodity=4"
        "&priceType=1&provId=0"
    ]
    assert len(json.loads(saved.read_text())) == 34
    result = read_pihps_api_json(saved, resolver, default_dictionary(), tmp_path)
    assert result.rows.height == 34 and result.rejects.height == 0


def test_pihps_sensor_is_off_unless_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("SINERGI_PIHPS_API_URL", raising=False)
    context = dg.build_sensor_context(
        resources={"landing": LandingResource(path=str(tmp_path / "landing"))}
    )
    result = pihps_api_sensor(context)
    assert isinstance(result, dg.SkipReason)
    assert "SINERGI_PIHPS_API_URL is not set" in result.skip_message


def test_pihps_sensor_saves_the_ten_groups_when_configured(recorded_pihps, tmp_path, monkeypatch):
    monkeypatch.setenv("SINERGI_PIHPS_API_URL", recorded_pihps)
    landing = LandingResource(path=str(tmp_path / "landing"))
    result = pihps_api_sensor(dg.build_sensor_context(resources={"landing": landing}))
    assert "saved 10 PIHPS snapshots" in result.skip_message
    assert len(list((landing.root / "pihps" / "api").glob("*.json"))) == 10


WEBAPI_ANSWER = FIXTURES / "bps" / "webapi_produksi_padi_aceh_2023.json"


class _RecordedBps(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _RecordedBps.requests.append(self.path)
        body = WEBAPI_ANSWER.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded_bps():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordedBps)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _RecordedBps.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/api"
    server.shutdown()


def test_bps_client_sends_the_key_and_saves_the_answer(recorded_bps, tmp_path, resolver):
    from sources.bps.webapi import BpsWebApiClient, read_bps_webapi_json

    client = BpsWebApiClient("secret-key", recorded_bps)
    saved = client.save("1100", 101, tmp_path / "bps" / "webapi")
    assert _RecordedBps.requests == [
        "/v1/api/list/model/data/lang/ind/domain/1100/var/101/key/secret-key/"
    ]
    result = read_bps_webapi_json(saved, resolver, default_dictionary(), tmp_path)
    assert sorted(result.rows["region_code"]) == ["11.09", "11.10", "11.71"]


def test_bps_sensor_is_off_without_a_key(tmp_path, monkeypatch):
    from orchestration.defs.automation import bps_webapi_sensor

    monkeypatch.delenv("BPS_API_KEY", raising=False)
    context = dg.build_sensor_context(
        resources={"landing": LandingResource(path=str(tmp_path / "landing"))}
    )
    assert "BPS connector off" in bps_webapi_sensor(context).skip_message


def test_bps_sensor_fetches_the_listed_variables(recorded_bps, tmp_path, monkeypatch):
    from orchestration.defs.automation import bps_webapi_sensor

    monkeypatch.setenv("BPS_API_KEY", "k")
    monkeypatch.setenv("SINERGI_BPS_WEBAPI_VARIABLES", "1100:101")
    monkeypatch.setenv("SINERGI_BPS_WEBAPI_URL", recorded_bps)
    landing = LandingResource(path=str(tmp_path / "landing"))
    result = bps_webapi_sensor(dg.build_sensor_context(resources={"landing": landing}))
    assert "saved 1 BPS WebAPI answers" in result.skip_message
    assert (landing.root / "bps" / "webapi" / "1100_101.json").exists()


def test_a_failing_bps_request_names_the_url_with_the_key_masked(tmp_path):
    from sources.bps.webapi import MASK, BpsWebApiClient

    client = BpsWebApiClient("secret-key-123", "http://127.0.0.1:9/v1/api", timeout=2)
    with pytest.raises(ConnectionError) as failure:
        client.fetch("1100", 101)
    assert "secret-key-123" not in str(failure.value)
    assert f"/var/101/key/{MASK}/" in str(failure.value)
    assert failure.value.__suppress_context__  # the original error, URL and all, is not shown
    assert "secret-key-123" not in repr(client)
