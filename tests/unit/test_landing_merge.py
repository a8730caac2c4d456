"""Landing a file's rows: atomic, idempotent, duplicates counted, conflicts quarantined."""

from datetime import UTC, datetime

import duckdb
import polars as pl
import pytest

from orchestration.lib.landing import merge
from orchestration.lib.landing.discovery import FeedFile
from orchestration.lib.landing.merge import RawTable
from orchestration.lib.landing.per_file import land_file
from orchestration.lib.landing.tables import create_contract_table
from sources.common.contract import ContractError, ReadResult, empty_rejects

RAW = RawTable(
    table="raw_test.prices",
    quarantine="test",
    keys=("region_code", "period_start"),
    value_column="price_idr",
    touched=("period_start",),
)


def _rows(file: str, values: list[tuple[str, str, float]]) -> ReadResult:
    return ReadResult(
        pl.DataFrame(
            {
                "region_code": [v[0] for v in values],
                "period_start": [v[1] for v in values],
                "price_idr": [v[2] for v in values],
                "source_file": file,
                "source_row": list(range(2, 2 + len(values))),
            }
        ),
        empty_rejects(),
    )


@pytest.fixture
def conn():
    connection = duckdb.connect()
    yield connection
    connection.close()


def _land(conn, tmp_path, name, result):
    path = tmp_path / name
    path.write_text(name)
    return land_file(conn, FeedFile(path, tmp_path, "test"), name, result, RAW, datetime.now(UTC))


def _table(conn):
    return sorted(
        conn.execute(
            "select region_code, period_start, price_idr, source_file from raw_test.prices"
        ).fetchall()
    )


def test_reloading_a_file_replaces_its_rows(conn, tmp_path):
    _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 100.0)]))
    outcome = _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 110.0)]))
    assert outcome.rows_landed == 1
    assert _table(conn) == [("35.72", "2024-01-01", 110.0, "a.csv")]


def test_an_identical_observation_from_another_file_is_counted_not_stored(conn, tmp_path):
    _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 100.0)]))
    outcome = _land(
        conn,
        tmp_path,
        "b.csv",
        _rows("b.csv", [("35.72", "2024-01-01", 100.0), ("35.05", "2024-01-01", 90.0)]),
    )
    assert (outcome.rows_landed, outcome.rows_duplicate, outcome.rows_quarantined) == (1, 1, 0)
    assert len(_table(conn)) == 2


def test_a_conflicting_observation_is_quarantined_naming_both_files(conn, tmp_path):
    _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 100.0)]))
    outcome = _land(conn, tmp_path, "b.csv", _rows("b.csv", [("35.72", "2024-01-01", 120.0)]))
    assert outcome.rows_quarantined == 1
    rule = conn.execute("select rule from quarantine.test where source_file = 'b.csv'").fetchone()
    assert rule[0] == "conflicts with a.csv row 2 (value 100.0) for the same observation"
    assert _table(conn) == [("35.72", "2024-01-01", 100.0, "a.csv")]


def test_two_values_for_one_observation_in_a_file_are_both_quarantined(conn, tmp_path):
    outcome = _land(
        conn,
        tmp_path,
        "a.csv",
        _rows(
            "a.csv",
            [
                ("35.72", "2024-01-01", 100.0),
                ("35.72", "2024-01-01", 105.0),
                ("35.05", "2024-01-01", 90.0),
            ],
        ),
    )
    assert (outcome.rows_landed, outcome.rows_quarantined) == (1, 2)


def test_a_refused_file_is_logged_and_quarantined_and_lands_nothing(conn, tmp_path):
    outcome = _land(
        conn, tmp_path, "bad.csv", ContractError("bad.csv: missing column(s) ['Harga']")
    )
    assert outcome.status == "refused"
    row = conn.execute("select column_name, rule from quarantine.test").fetchone()
    assert row == ("<file>", "bad.csv: missing column(s) ['Harga']")
    assert conn.execute("select status from meta.ingest_log").fetchone() == ("refused",)


def test_a_failure_while_landing_leaves_the_previous_rows(conn, tmp_path):
    _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 100.0)]))
    broken = ReadResult(pl.DataFrame({"unexpected": [1]}), empty_rejects())
    with pytest.raises(duckdb.Error):
        _land(conn, tmp_path, "a.csv", broken)
    assert _table(conn) == [("35.72", "2024-01-01", 100.0, "a.csv")]


def test_a_raw_table_from_an_older_contract_gains_the_new_columns():
    conn = duckdb.connect()
    create_contract_table(conn, "raw_x.flows", pl.DataFrame(schema={"quantity": pl.Float64}))
    conn.execute("insert into raw_x.flows values (30.0, now())")
    newer = pl.DataFrame(schema={"quantity": pl.Float64, "value_idr": pl.Float64})
    create_contract_table(conn, "raw_x.flows", newer)
    assert conn.execute("select quantity, value_idr from raw_x.flows").fetchall() == [(30.0, None)]


def test_a_row_holding_several_observations_loses_only_the_duplicate_one(conn, tmp_path):
    """A statistics row holds a value per measure and a PIHPS row one per day: when one of a
    row's observations repeats an earlier file's, the row's others still land."""
    _land(conn, tmp_path, "a.csv", _rows("a.csv", [("35.72", "2024-01-01", 100.0)]))
    two_in_one_row = ReadResult(
        pl.DataFrame(
            {
                "region_code": ["35.72", "35.72"],
                "period_start": ["2024-01-01", "2024-01-02"],
                "price_idr": [100.0, 105.0],
                "source_file": "b.csv",
                "source_row": [2, 2],
            }
        ),
        empty_rejects(),
    )
    outcome = _land(conn, tmp_path, "b.csv", two_in_one_row)
    assert (outcome.rows_landed, outcome.rows_duplicate) == (1, 1)
    assert ("35.72", "2024-01-02", 105.0, "b.csv") in _table(conn)


def test_a_batch_larger_than_one_sort_lands_in_runs_of_files_each_in_period_order(
    conn, monkeypatch
):
    """A batch arrives file by file (region by region, each file by date). Larger than one
    sort, it is inserted a run of consecutive files at a time, each run in period order:
    Blitar and Kediri (21 rows) interleaved by date, then Jakarta. Nothing is lost, and a key
    two files give with one value lands once, from the first."""
    monkeypatch.setattr(merge, "SORTED_RUN_ROWS", 21)
    create_contract_table(
        conn,
        RAW.table,
        pl.DataFrame(
            schema={
                "region_code": pl.String,
                "period_start": pl.Date,
                "price_idr": pl.Float64,
                "source_file": pl.String,
                "source_row": pl.Int64,
            }
        ),
    )
    conn.execute(
        """
        create temp table batch as
        select region_code, date '2024-01-01' + cast(day as integer) as period_start,
            1000.0 + day as price_idr, source_file, cast(day + 2 as bigint) as source_row,
            file_order
        from (values ('35.72', 'blitar.csv', 0), ('35.06', 'kediri.csv', 1),
            ('31.71', 'jakarta.csv', 2)) as files(region_code, source_file, file_order),
            range(10) as days(day)
        union all
        select '35.72', date '2024-01-05', 1004.0, 'kediri.csv', 99, 1
        order by file_order, period_start
        """
    )
    counts = merge.merge_batch(
        conn, RAW, "batch", datetime.now(UTC), ("period_start", "region_code")
    )
    stored = conn.execute(
        "select period_start, region_code from raw_test.prices order by rowid"
    ).fetchall()
    first_run = [row for row in stored if row[1] != "31.71"]
    assert stored == sorted(first_run) + sorted(row for row in stored if row[1] == "31.71")
    assert len(first_run) == 20 and len(stored) == 30
    assert {row[1] for row in stored[:2]} == {"35.72", "35.06"}
    assert counts["kediri.csv"].duplicate == 1
