"""What `make run` prints: a step table and the ingest counts, or the failure in sentences."""

import dagster as dg

from orchestration.run import failure_report, run_summary


@dg.asset
def landed_prices():
    return dg.MaterializeResult(
        metadata={"files_read": 3, "files_refused": 1, "rows_quarantined_this_run": 7}
    )


@dg.asset(deps=[landed_prices])
def broken_mart():
    raise ValueError("landing/wfp/x.csv: not a WFP layout; expected the HDX market columns")


def _run(*assets):
    instance = dg.DagsterInstance.ephemeral()
    job = dg.Definitions(assets=list(assets)).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance, raise_on_error=False), instance


def test_a_successful_run_is_summarised_step_by_step():
    result, instance = _run(landed_prices)
    summary = run_summary(result, instance)
    assert "landed_prices" in summary
    assert "Files read this run: 3 (1 refused); rows quarantined this run: 7" in summary


def test_a_failed_run_says_what_failed_in_a_sentence_without_a_traceback():
    result, _ = _run(landed_prices, broken_mart)
    report = failure_report(result)
    assert "stopped before publishing; readers keep the previously published version" in report
    assert (
        "  - broken_mart: ValueError: landing/wfp/x.csv: not a WFP layout; "
        "expected the HDX market columns" in report
    )
    assert "Traceback" not in report and 'File "' not in report
