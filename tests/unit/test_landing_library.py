"""The landing library's bookkeeping: files still being written, and seeds that changed.

- a file a person just copied is read by an explicit run once it stays unchanged over a short
  watch, and reported as waiting when it changes meanwhile (never skipped in silence);
- a spelling added to the commodity crosswalk re-reads the files the seed's readers read, so the
  row quarantined for lack of it lands;
- a file found as it was when it landed is not read again (not even for its sha256), and one
  rewritten in place with its size and modification time kept is.
"""

import os
import shutil
import time
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.defs.ingest.prices import RAW, prepare_price_tables
from orchestration.lib.landing.discovery import FeedFile, FeedRoot, discover
from orchestration.lib.landing.family import FamilyLander, land_family
from orchestration.lib.landing.fingerprint import seeds_fingerprint
from orchestration.lib.landing.per_file import land_file
from sources.common.commodities import COMMODITIES_SEED, CROSSWALK_SEED, CommodityDictionary
from sources.common.paths import REPO_ROOT
from sources.prices.layouts import is_price_file, read_price_file
from sources.regions.master import default_resolver

BANDUNG = REPO_ROOT / "sources/prices/data/bapanas/harga_komoditas_konsumen_kota_bandung.csv"


def _csv(path):
    return discover([FeedRoot(path.parents[1], path.parents[2], 10, 0.2)], "wfp", is_csv)


def is_csv(path):
    return path.suffix == ".csv"


def test_a_file_copied_just_now_is_read_once_it_stays_unchanged(tmp_path):
    path = tmp_path / "landing" / "wfp" / "fresh.csv"
    path.parent.mkdir(parents=True)
    path.write_text("date,price\n")
    found = _csv(path)
    assert [f.path for f in found.ready] == [path] and found.waiting == []


def test_a_file_still_growing_is_reported_waiting(tmp_path):
    path = tmp_path / "landing" / "wfp" / "growing.csv"
    path.parent.mkdir(parents=True)
    path.write_text("date,price\n")

    def copy_goes_on(seconds):
        with open(path, "a") as handle:
            handle.write("2024-01-15,100\n")

    root = FeedRoot(path.parents[1], path.parents[2], 10, 0.2)
    found = discover([root], "wfp", is_csv, sleep=copy_goes_on)
    assert found.ready == [] and [f.path for f in found.waiting] == [path]


def test_the_sensor_leaves_a_young_file_and_a_settled_one_is_read_at_once(tmp_path):
    young, old = (tmp_path / "landing" / "wfp" / name for name in ("young.csv", "old.csv"))
    young.parent.mkdir(parents=True)
    young.write_text("x\n")
    old.write_text("x\n")
    settled = time.time() - 60
    os.utime(old, (settled, settled))
    root = FeedRoot(young.parents[1], young.parents[2], 10, None)  # no watching: the sensor

    def never(seconds):
        raise AssertionError("the sensor's discovery must not wait")

    found = discover([root], "wfp", is_csv, sleep=never)
    assert [f.path for f in found.ready] == [old] and [f.path for f in found.waiting] == [young]


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in (COMMODITIES_SEED, CROSSWALK_SEED):
        shutil.copy(seed, folder / seed.name)
    return folder


def _lander(seeds) -> FamilyLander:
    commodities = seeds / COMMODITIES_SEED.name
    crosswalk = seeds / CROSSWALK_SEED.name
    dictionary = CommodityDictionary.from_seeds(commodities, crosswalk)
    resolver = default_resolver()
    return FamilyLander(
        family="bapanas",
        accepts=lambda p: is_price_file(p, "bapanas"),
        read=lambda f: read_price_file(f.path, "bapanas", resolver, dictionary, f.display_root),
        land=lambda conn, f, sha, result, at, fp: land_file(
            conn, f, sha, result, RAW["bapanas"], at, fp
        ),
        seeds_fingerprint=seeds_fingerprint([commodities, crosswalk]),
    )


def test_a_spelling_added_to_the_crosswalk_rescues_the_rows_it_was_added_for(tmp_path, seeds):
    landing = tmp_path / "landing"
    target = landing / "bapanas" / BANDUNG.name
    target.parent.mkdir(parents=True)
    lines = BANDUNG.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("Beras Premium", "Beras Premium Lokal")
    target.write_text("\n".join(lines) + "\n")
    settled = time.time() - 60
    os.utime(target, (settled, settled))
    roots = [FeedRoot(landing, tmp_path)]
    conn = duckdb.connect()
    prepare_price_tables(conn)

    first = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    assert first.landed and first.landed[0].rows_quarantined == 1
    rule = conn.execute("select value, rule from quarantine.prices").fetchone()
    assert rule[0] == "Beras Premium Lokal" and "unknown bapanas commodity name" in rule[1]
    unchanged = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    assert unchanged.outcomes == [] and unchanged.unchanged == [f"landing/bapanas/{BANDUNG.name}"]

    with open(seeds / CROSSWALK_SEED.name, "a") as crosswalk:
        crosswalk.write("bapanas,Beras Premium Lokal,27,beras_premium,a spelling seen in a file\n")
    again = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    (outcome,) = again.outcomes
    assert outcome.rows_quarantined == 0
    assert outcome.rows_landed == first.landed[0].rows_landed + 1
    assert conn.execute("select count(*) from quarantine.prices").fetchone()[0] == 0
    assert conn.execute(
        "select price_idr, source_row from raw_prices.bapanas "
        "where source_commodity_name = 'Beras Premium Lokal'"
    ).fetchall() == [(16000.0, 2)]
    logged = conn.execute(
        "select count(distinct seeds_fingerprint) from meta.ingest_log"
    ).fetchone()[0]
    assert logged == 2


SETTLED = time.time() - 60  # a file copied a minute ago: settled


def _landing_with_bandung(tmp_path):
    """A landing folder holding the real Bandung file, settled, and an empty warehouse."""
    landing = tmp_path / "landing"
    target = landing / "bapanas" / BANDUNG.name
    target.parent.mkdir(parents=True)
    shutil.copy(BANDUNG, target)
    os.utime(target, (SETTLED, SETTLED))
    conn = duckdb.connect()
    prepare_price_tables(conn)
    return target, [FeedRoot(landing, tmp_path)], conn


def test_a_file_asked_to_be_read_again_replaces_its_rows(tmp_path, seeds):
    from orchestration.reread import request_reread

    _, roots, conn = _landing_with_bandung(tmp_path)
    first = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    rows = conn.execute("select count(*) from raw_prices.bapanas").fetchone()[0]
    assert rows == first.landed[0].rows_landed > 0

    assert "will be read again" in request_reread(conn, f"landing/bapanas/{BANDUNG.name}")
    again = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    (outcome,) = again.outcomes
    assert (outcome.rows_landed, outcome.rows_duplicate) == (rows, 0)  # replaced, not doubled
    assert conn.execute("select count(*) from raw_prices.bapanas").fetchone()[0] == rows
    with pytest.raises(SystemExit, match="is not in meta.ingest_log"):
        request_reread(conn, "landing/bapanas/nowhere.csv")


def test_a_file_found_as_it_landed_is_not_read_and_one_rewritten_in_place_is(
    tmp_path, seeds, monkeypatch
):
    target, roots, conn = _landing_with_bandung(tmp_path)
    first = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    (landed,) = first.landed
    sha256 = FeedFile.sha256

    def unread(feed_file):
        raise AssertionError(f"{feed_file.source_file} was read for its sha256")

    monkeypatch.setattr(FeedFile, "sha256", unread)
    again = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    assert again.outcomes == [] and again.unchanged == [landed.source_file]

    monkeypatch.setattr(FeedFile, "sha256", sha256)
    dearer = "select count(*) from raw_prices.bapanas where price_idr = 16500"
    before = conn.execute(dearer).fetchone()[0]
    content = target.read_bytes()
    target.write_bytes(content.replace(b",16000", b",16500", 1))  # the same size
    os.utime(target, (SETTLED, SETTLED))  # and the same modification time
    assert target.stat().st_size == len(content)
    changed = land_family(conn, roots, _lander(seeds), datetime.now(UTC))
    (outcome,) = changed.outcomes
    assert outcome.status == "landed"
    assert conn.execute(dearer).fetchone()[0] == before + 1
