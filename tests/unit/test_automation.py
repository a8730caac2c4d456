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

from orchestration.defs.automation import landing_folder_sensor, pihps_api_sensor
from orchestration.resources import LandingResource
from sources.common.commodities import default_dictionary
from sources.prices.pihps_api import PihpsClient, read_pihps_api_json
from tests.conftest import FIXTURES

RECORDED = (
    Path(__file__).parents[2] / "sources/prices/data/pihps/api/histogram_2020-07-20_telur-ayam.json"
)


def _tick(landing: LandingResource, cursor: str | None = None):
    context = dg.build_sensor_context(cursor=cursor, resources={"landing": landing})
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
    assert result.tags == {"trigger": "landing_folder"}
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
