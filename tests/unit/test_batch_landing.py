"""The set-based landing and the per-file readers agree: real files landed both ways give the
same raw rows and the same quarantine, row for row (the batch applies the contract in SQL,
derived from the same pandera model and the same tidy steps)."""

import shutil
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.defs.ingest.prices import RAW, land_price_files, prepare_price_tables
from orchestration.lib.landing.discovery import FeedRoot, discover
from orchestration.lib.landing.per_file import land_file
from sources.common.commodities import default_dictionary
from sources.common.paths import REPO_ROOT
from sources.prices.layouts import is_price_file, read_price_file
from sources.regions.master import default_resolver
from tests.reliability.corpus import TextEdit, set_field

BANDUNG = REPO_ROOT / "sources/prices/data/bapanas/harga_komoditas_konsumen_kota_bandung.csv"
WFP_MARKETS = REPO_ROOT / "tests/fixtures/prices/wfp_market_hdx.csv"
WFP_PROVINCES = REPO_ROOT / "sources/prices/data/wfp/wfp_province_monthly.csv"


def _broken_bandung(target):
    """Bandung with a text price, an unknown unit, a duplicate and a conflicting copy."""

    def edit(lines):
        lines = list(lines)
        lines[1] = set_field(lines[1], 4, "enam belas")
        lines[2] = set_field(lines[2], 3, "Rp./Karung")
        return [*lines, lines[5], set_field(lines[6], 4, "99000")]

    TextEdit(edit, encoding="utf-8-sig", newline="\r\n").write(BANDUNG, target)


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    for family, source in (("bapanas", BANDUNG), ("wfp", WFP_MARKETS), ("wfp", WFP_PROVINCES)):
        (root / "landing" / family).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / "landing" / family)
    _broken_bandung(root / "landing" / "bapanas" / "harga_konsumen_rusak_kota_bandung.csv")
    return root


def _contents(conn):
    tables = {
        family: conn.execute(
            f"select * exclude (ingested_at) from raw_prices.{family} order by all"
        ).fetchall()
        for family in ("bapanas", "wfp")
    }
    quarantine = conn.execute(
        "select source_file, source_row, column_name, value, rule from quarantine.prices "
        "order by all"
    ).fetchall()
    return tables, quarantine


def test_a_batch_lands_what_the_per_file_readers_land(landing):
    roots = [FeedRoot(landing / "landing", landing)]
    batch = duckdb.connect()
    prepare_price_tables(batch)
    for family in ("bapanas", "wfp"):
        report = land_price_files(batch, roots, family, datetime.now(UTC))
        assert all(o.status == "landed" for o in report.outcomes)
    readers = {r for (r,) in batch.execute("select reader from meta.ingest_log").fetchall()}
    assert readers == {
        f"sources.prices.batch_layouts.{layout}"
        for layout in ("bapanas_daily", "wfp_market", "wfp_province_monthly")
    }

    one_by_one = duckdb.connect()
    prepare_price_tables(one_by_one)
    resolver, commodities = default_resolver(), default_dictionary()
    for family in ("bapanas", "wfp"):
        for found in discover(roots, family, lambda p, f=family: is_price_file(p, f)).ready:
            result = read_price_file(found.path, family, resolver, commodities, found.display_root)
            land_file(one_by_one, found, "sha", result, RAW[family], datetime.now(UTC))

    tables, quarantine = _contents(batch)
    assert (tables, quarantine) == _contents(one_by_one)
    assert len(tables["wfp"]) == 41_869 and len(tables["bapanas"]) > 1_300
    rules = {rule.split(" (")[0] for _, _, _, _, rule in quarantine}
    assert {
        "price is not a number",
        "unit differs from the commodity's unit in dim_commodity",
        "the file gives different values for the same observation",
        "PriceObservation: price outside the plausible band for its unit",
        "a forecast is not an observation",
    } <= rules
    # the broken copy of Bandung repeats the bundled file: counted as duplicates, not stored
    (duplicates,) = batch.execute(
        "select rows_duplicate from meta.ingest_log where source_file like '%rusak%'"
    ).fetchone()
    assert duplicates > 1_300
