"""The Spark parity test runs only when asked (`make test-spark`, which installs the spark extra
and a Java runtime): it builds the whole graph twice on each engine, minutes that `make test`
does not spend."""

import os

import pytest

PARITY_REPORT: list[str] = []


@pytest.fixture(scope="session")
def parity_report() -> list[str]:
    """The lines of the run's "Spark parity" summary (build times, rows per mart). Handed out as
    a fixture, not imported: pytest loads this file as a conftest module of its own, so a test
    importing ``tests.spark.conftest`` would fill a second list that nothing prints."""
    return PARITY_REPORT


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SINERGI_TEST_SPARK") == "1":
        return
    skip = pytest.mark.skip(reason="Spark parity runs with `make test-spark`")
    for item in items:
        if "tests/spark/" in str(item.fspath):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if PARITY_REPORT:
        terminalreporter.section("Spark parity")
        for line in PARITY_REPORT:
            terminalreporter.write_line(line)
