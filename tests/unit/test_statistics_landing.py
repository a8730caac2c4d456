"""Defects only a second source shows: landing the egg panel (telur_kabkota) after the BPS tables
it copies quarantines its misplaced 2024 values and its 2022 fill-down as conflicts naming the
file that has the right value; the rows the two agree on are counted once."""

import shutil
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.defs.ingest.statistics import land_statistics_files, prepare_statistics_tables
from orchestration.lib.landing.discovery import FeedRoot
from tests.statistics_rows import DATA

FILES = (
    "susenas/kabkota_multivariat_susenas_2024.csv",
    "telur/Dataset konsumsi telur perkapita seminggu 2022.xlsx",
    "telur_kabkota/Dataset Ready.xlsx",
)


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    root = tmp_path_factory.mktemp("landing")
    for relative in FILES:
        target = root / "bps" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / "bps" / relative, target)
    conn = duckdb.connect()
    prepare_statistics_tables(conn)
    outcomes = land_statistics_files(conn, [FeedRoot(root, root)], datetime.now(UTC)).outcomes
    yield conn, {o.source_file: o for o in outcomes}
    conn.close()


def _conflicts(conn, year: int) -> list[tuple]:
    return conn.execute(
        "select q.source_row, q.rule from quarantine.bps as q "
        "where q.source_file = 'bps/telur_kabkota/Dataset Ready.xlsx' "
        "and q.rule like 'conflicts with bps/%' and q.rule like ? order by q.source_row",
        [f"%{'susenas' if year == 2024 else 'telur/Dataset'}%"],
    ).fetchall()


def test_the_2024_values_carried_to_other_regions_are_quarantined(landed):
    conn, outcomes = landed
    conflicts = _conflicts(conn, 2024)
    assert len(conflicts) == 16  # Kepulauan ..., Bolaang Mongondow ..., Labuhan Batu ...
    assert all("kabkota_multivariat_susenas_2024.csv" in rule for _, rule in conflicts)
    aru = conn.execute(
        "select source_file, source_value from raw_bps.statistics where region_code = '81.07' "
        "and commodity_code = 'telur_ayam_ras' and measure = 'consumption_per_capita' "
        "and period_start = date '2024-01-01'"
    ).fetchall()
    # Kepulauan Aru keeps its own 0.548, not the 2.859 of Kepulauan Anambas the panel gives it
    assert aru == [("bps/susenas/kabkota_multivariat_susenas_2024.csv", 0.548)]


def test_the_2022_fill_down_conflicts_with_the_bps_table(landed):
    conn, _ = landed
    assert [row for row, _ in _conflicts(conn, 2022)] == list(range(131, 145))
    kediri = conn.execute(
        "select source_file, source_value from raw_bps.statistics where region_code = '35.06' "
        "and measure = 'consumption_per_capita' and period_start = date '2022-01-01'"
    ).fetchone()
    assert kediri == ("bps/telur/Dataset konsumsi telur perkapita seminggu 2022.xlsx", 2.259)


def test_agreeing_rows_are_counted_not_stored_twice(landed):
    _, outcomes = landed
    panel = outcomes["bps/telur_kabkota/Dataset Ready.xlsx"]
    # 2022: 473 of its 487 consumption rows equal the BPS table; 2024: 471 equal the extract
    assert panel.rows_duplicate == (487 - 14) + (487 - 16)
    assert panel.rows_landed == 487 * 3 * 3 - panel.rows_duplicate - 14 - 16
