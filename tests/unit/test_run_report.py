"""What `make run` prints: a step table and the ingest counts, or the failure in sentences."""

import dagster as dg

from orchestration.lib.landing.ingest_log import LandingOutcome
from orchestration.lib.landing.report import FamilyReport
from orchestration.run import failure_report, published_summary, run_summary

WFP = FamilyReport(
    "wfp",
    [
        LandingOutcome("landing/wfp/a.csv", "landed", 120, 2, 5),
        LandingOutcome("landing/wfp/b.csv", "refused", 0, 0, 1, "not a WFP layout"),
    ],
    unchanged=["sources/prices/data/wfp/wfp_province_monthly.csv"],
    waiting=["landing/wfp/c.csv"],
)
NEWS = FamilyReport("news", [LandingOutcome("landing/news/kediri.txt", "landed", 9, 0, 1)])


@dg.asset
def landed_prices():
    return dg.MaterializeResult(metadata={"landing_report": [WFP.as_json()]})


@dg.asset
def landed_news():
    return dg.MaterializeResult(metadata={"landing_report": [NEWS.as_json()]})


@dg.asset(deps=[landed_prices])
def broken_mart():
    raise ValueError("landing/wfp/x.csv: not a WFP layout; expected the HDX market columns")


def _run(*assets):
    instance = dg.DagsterInstance.ephemeral()
    job = dg.Definitions(assets=list(assets)).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance, raise_on_error=False), instance


def test_a_successful_run_is_summarised_step_by_step_and_folder_by_folder():
    result, instance = _run(landed_prices, landed_news)
    summary = run_summary(result, instance)
    assert "landed_prices" in summary
    # every family counts, the news folder too
    assert (
        "Files read this run: 3 (2 landed, 1 refused); 1 still being written; 1 unchanged since "
        "they were landed; rows quarantined this run: 7" in summary
    )
    assert "  news: 1 landed (9 rows, 0 duplicates, 1 quarantined), 0 refused" in summary
    assert "    refused landing/wfp/b.csv: not a WFP layout" in summary
    assert "    waiting landing/wfp/c.csv: still being written" in summary


def test_a_failed_run_says_what_failed_in_a_sentence_without_a_traceback():
    result, _ = _run(landed_prices, broken_mart)
    report = failure_report(result)
    assert "stopped before publishing; readers keep the previously published version" in report
    assert (
        "  - broken_mart: ValueError: landing/wfp/x.csv: not a WFP layout; "
        "expected the HDX market columns" in report
    )
    assert "Traceback" not in report and 'File "' not in report


def test_on_spark_the_summary_names_the_spark_tables_instead_of_a_published_file(
    tmp_path, monkeypatch
):
    """A Spark run publishes no DuckDB file: the summary says where the marts are instead of
    failing to open one (as `SINERGI_TARGET=spark make run` did after a successful build)."""
    monkeypatch.setenv("SINERGI_TARGET", "spark")
    monkeypatch.setenv("SINERGI_WAREHOUSE", str(tmp_path / "sinergi.duckdb"))
    summary = published_summary()
    assert summary.startswith("Target spark: the marts are Spark tables")
    assert str(tmp_path / "spark" / "tables") in summary
    assert not (tmp_path / "published").exists()
