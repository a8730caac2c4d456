"""Files dropped into the landing folder: picked up by a run, landed once, never twice."""

import shutil

import dagster as dg
import duckdb
import pytest
from openpyxl import load_workbook

from orchestration.definitions import build_definitions
from orchestration.resources import LandingResource, WarehouseResource
from orchestration.run import run_summary
from sources.common.paths import REPO_ROOT
from tests.conftest import FIXTURES

WFP_FILE = "wfp_market_hdx.csv"
NEXT_YEAR_TABLE = "Inflasi Bulanan (M-to-M) 38 Provinsi (2022=100), 2026.xlsx"


def _next_years_inflation_table(target):
    """The 2025 BPS table as BPS would publish it for 2026: same layout, new year, Jan-Feb."""
    source = REPO_ROOT / "sources/bps/data/bps/inflasi" / NEXT_YEAR_TABLE.replace("2026", "2025")
    target.parent.mkdir(parents=True)
    workbook = load_workbook(source)
    sheet = workbook.worksheets[0]
    sheet["B3"] = 2026
    for column in "DEFGHIJKLM":  # March..December not published yet
        for row in range(5, 44):
            sheet[f"{column}{row}"] = "-"
    workbook.save(target)


def _run(warehouse: WarehouseResource, landing: LandingResource, run_config=None) -> str:
    """materialize_all, as `make run` starts it; returns what `make run` would print."""
    defs = build_definitions(warehouse, landing)
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("materialize_all").execute_in_process(
            instance=instance, raise_on_error=False, run_config=run_config
        )
        assert result.success, [e.message for e in result.all_events if e.is_step_failure]
        return run_summary(result, instance)


@pytest.fixture(scope="module")
def landed(built_warehouse, tmp_path_factory):
    """A copy of the built warehouse, then one run straight after a WFP market file and a BPS
    table were copied into landing/: modified moments ago, they are watched for a moment and
    read (the landing's default settle time of 10 s would otherwise leave them waiting)."""
    source, _ = built_warehouse
    root = tmp_path_factory.mktemp("landing_case")
    shutil.copytree(source.file.parent, root / "warehouse")
    warehouse = WarehouseResource(path=str(root / "warehouse" / "sinergi.duckdb"))
    landing = LandingResource(path=str(root / "landing"), stable_seconds=0.5)
    (root / "landing" / "wfp").mkdir(parents=True)
    shutil.copy(FIXTURES / "prices" / WFP_FILE, root / "landing" / "wfp" / WFP_FILE)
    _next_years_inflation_table(root / "landing" / "bps" / NEXT_YEAR_TABLE)
    summary = _run(warehouse, landing)
    return warehouse, landing, summary


def _query(warehouse: WarehouseResource, sql: str, params=()):
    with warehouse.connect(read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


def test_a_dropped_file_lands_and_is_published(landed):
    warehouse, _, _ = landed
    rows = _query(
        warehouse,
        "select source_market, region_code, market_level, price_idr_per_unit "
        "from core.fct_price_observation where source_file = ? order by source_market",
        [f"landing/wfp/{WFP_FILE}"],
    )
    assert ("Pasar Kanoman", "32.74", "retail", 11200.0) in rows
    assert ("Pasar Caringin", "32.73", "wholesale", 10500.0) in rows
    assert len(rows) == 6
    published = duckdb.connect(str(warehouse.published_dir / "sinergi.duckdb"), read_only=True)
    assert (
        published.execute(
            "select count(*) from fct_price_observation where source_dataset = 'wfp_market'"
        ).fetchone()[0]
        == 6
    )
    published.close()


def test_the_run_summary_says_what_it_landed_per_folder(landed):
    """The files copied just before the run are landed and named in `make run`'s summary; every
    folder is counted, the agreement registers and news too."""
    _, _, summary = landed
    assert "  wfp: 1 landed (6 rows" in summary
    assert "  bps: 1 landed" in summary
    assert "  agreements: 0 landed" in summary and "  news: 0 landed" in summary
    assert "0 waiting" in summary and "waiting landing/" not in summary


def test_its_bad_rows_are_in_quarantine_with_file_row_column_value_rule(landed):
    warehouse, _, _ = landed
    rows = _query(
        warehouse,
        "select source_row, column_name, value, rule from quarantine.prices "
        "where source_file = ? order by source_row",
        [f"landing/wfp/{WFP_FILE}"],
    )
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (9, "priceflag", "forecast"),
        (10, "currency", "USD"),
        (11, "commodity", "Fish (mackerel)"),
        (12, "unit", "Unit"),
    ]


def test_landing_the_same_file_again_changes_nothing(landed):
    warehouse, landing, _ = landed
    facts_before = _query(
        warehouse,
        "select count(*), round(sum(price_idr_per_unit), 2) from core.fct_price_observation",
    )
    shutil.copy(landing.root / "wfp" / WFP_FILE, landing.root / "wfp" / "copy_of_the_same.csv")
    _run(warehouse, landing)
    assert (
        _query(
            warehouse,
            "select count(*), round(sum(price_idr_per_unit), 2) from core.fct_price_observation",
        )
        == facts_before
    )
    log = _query(
        warehouse,
        "select source_file, status, rows_landed, rows_duplicate "
        "from meta.ingest_log where family = 'wfp' and source_file like 'landing/%' "
        "order by ingested_at",
    )
    assert log == [
        (f"landing/wfp/{WFP_FILE}", "landed", 6, 0),  # read once, not again on the second run
        ("landing/wfp/copy_of_the_same.csv", "landed", 0, 6),
    ]


# what each incremental table holds, minus the watermark that says which build wrote a row
INCREMENTAL_CONTENT = {
    table: f"select * exclude (built_through_ingest_at) from {table} order by all"
    for table in (
        "analytics.mart_price_disparity",
        "analytics.mart_price_regional_deviation",
        "analytics.mart_price_alerts",
        "intermediate.int_prices_monthly",
        "intermediate.int_price_coverage_monthly",
        "intermediate.int_price_dataset_calendar",
    )
} | {
    table: f"select * from {table} order by all"
    for table in ("core.fct_price_observation", "analytics.mart_data_coverage")
}


def test_incremental_builds_equal_a_full_refresh(landed):
    warehouse, landing, _ = landed
    incremental = {t: _query(warehouse, sql) for t, sql in INCREMENTAL_CONTENT.items()}
    _run(warehouse, landing, {"ops": {"sinergi_dbt_models": {"config": {"full_refresh": True}}}})
    for table, sql in INCREMENTAL_CONTENT.items():
        rebuilt = _query(warehouse, sql)
        first_difference = next(
            (
                [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
                for a, b in zip(incremental[table], rebuilt, strict=False)
                if a != b
            ),
            None,
        )
        assert first_difference is None, (table, first_difference)
        assert len(rebuilt) == len(incremental[table]), table


def test_a_new_years_bps_table_in_the_landing_folder_loads(landed):
    warehouse, _, _ = landed
    rows = _query(
        warehouse,
        "select count(*), min(period_start), max(period_start) "
        "from core.fct_inflation where source_file = ?",
        [f"landing/bps/{NEXT_YEAR_TABLE}"],
    )
    assert rows[0][0] == 39 * 2
    assert str(rows[0][1]) == "2026-01-01" and str(rows[0][2]) == "2026-02-01"
