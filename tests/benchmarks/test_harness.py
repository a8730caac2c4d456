"""`make bench` end to end at the small scale: the harness runs the real pipeline, the floor and
the pandas peer on the same generated files and writes a record with every promised field."""

import json

import duckdb
import polars as pl
import pytest

from benchmarks import generate, harness
from benchmarks.scales import SCALES

RECORD_FIELDS = {
    "scale", "pipeline_s", "floor_s", "peer_s", "peak_rss_bytes", "peer_peak_rss_bytes",
    "incremental_s", "partner_s", "cores", "memory_bytes", "commit",
}  # fmt: skip


def test_generator_is_deterministic_and_readable(tmp_path):
    first = generate.generate(SCALES["small"], tmp_path / "a")
    second = generate.generate(SCALES["small"], tmp_path / "b")
    assert first == second
    assert first["price_rows"] == 24 * len(generate.COMMODITIES) * 61
    name = "kota_blitar.csv"
    assert (tmp_path / "a/landing/bapanas" / name).read_bytes() == (
        tmp_path / "b/landing/bapanas" / name
    ).read_bytes()
    prices = pl.read_csv(tmp_path / "a/landing/bapanas" / name)
    assert prices.columns == ["Timestamp", "ID", "Komoditas", "Satuan", "Harga"]
    assert 0 < (prices["Harga"] == 0).mean() < 0.05  # gaps, as the feed has them


@pytest.fixture(scope="module")
def small_record(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    return harness.bench("small", work), work / "small"


def test_small_run_has_every_field_and_the_same_answers(small_record):
    record, work = small_record
    assert set(record) >= RECORD_FIELDS
    assert set(record["pipeline_stages_s"]) == {"ingest", "validation", "dbt build", "publish"}
    assert record["rows"]["floor"] == record["rows"]["peer"]
    json.dumps(record)  # the record is what results/<scale>.json holds
    published = duckdb.connect(str(work / "warehouse/published/sinergi.duckdb"), read_only=True)
    try:
        (bapanas,) = published.sql(
            "select count(*) from fct_price_observation where source = 'bapanas'"
        ).fetchone()
        (partners,) = published.sql("select count(*) from mart_partner_opportunities").fetchone()
        (extra_day,) = published.sql(
            "select count(*) from fct_price_observation where source_file like '%2026-01-01_%'"
        ).fetchone()
    finally:
        published.close()
    working = duckdb.connect(str(work / "warehouse/sinergi.duckdb"), read_only=True)
    try:
        (quarantined,) = working.sql("select count(*) from quarantine.prices").fetchone()
    finally:
        working.close()
    # every generated non-zero price landed (the floor's count), then the extra day; none refused
    assert bapanas == record["rows"]["floor"]["price_fact"] + extra_day
    assert extra_day > 0 and partners > 0 and quarantined == 0


def test_summary_compares_against_the_targets(small_record):
    record, _ = small_record
    big = record | {"scale": "national-10y", "pipeline_s": record["pipeline_s"] + 30,
                    "floor_s": record["floor_s"] + 20, "incremental_s": 61.0}  # fmt: skip
    overall = harness.summary({"small": record, "national-10y": big})
    assert overall["marginal_ratio"] == pytest.approx(30 / 20)
    assert overall["targets"]["marginal_ratio"]["met"] is True
    assert overall["targets"]["incremental_s"]["met"] is False  # the limit is 60 s
    assert overall["incremental_growth"] is None
    assert overall["targets"]["incremental_growth"]["met"] is False
