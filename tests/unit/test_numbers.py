import duckdb
import polars as pl
import pytest

from sources.common.numbers import (
    COMMA_THOUSANDS,
    DECIMAL_COMMA,
    DOT_DECIMAL,
    parse_integers,
    parse_numbers,
)


def _frame(values):
    return pl.DataFrame(
        {"value": values, "source_file": "f.csv", "source_row": list(range(2, len(values) + 2))}
    )


def test_pihps_comma_thousands_and_dash_missing():
    rows, rejects = parse_numbers(
        _frame(["13,800", "-", "1,234,500", " 950 "]), ["value"], COMMA_THOUSANDS
    )
    assert rows["value"].to_list() == [13800.0, None, 1234500.0, 950.0]
    assert rejects.height == 0


def test_decimal_comma_as_bps_regional_csvs_write_it():
    rows, _ = parse_numbers(_frame(["125,89", "1.234,5", "#N/A"]), ["value"], DECIMAL_COMMA)
    assert rows["value"].to_list() == [125.89, 1234.5, None]


def test_text_in_a_number_cell_is_rejected_with_file_row_column_value():
    rows, rejects = parse_numbers(_frame(["12.5", "dua belas", "7"]), ["value"])
    assert rows["value"].to_list() == [12.5, 7.0]
    reject = rejects.row(0, named=True)
    assert (
        reject["source_file"],
        reject["source_row"],
        reject["column_name"],
        reject["value"],
    ) == ("f.csv", 3, "value", "dua belas")
    assert "not a number" in reject["rule"]


def test_counts_with_a_fraction_are_rejected_not_truncated():
    rows, rejects = parse_integers(_frame(["300703", "12.5"]), ["value"])
    assert rows["value"].to_list() == [300703]
    assert rows["value"].dtype == pl.Int64
    assert rejects.select("value", "rule").row(0) == ("12.5", "not a whole number")


def test_decimal_convention_is_detected_from_unambiguous_values():
    from sources.common.numbers import DOT_DECIMAL, detect_number_format

    assert detect_number_format(pl.Series(["125,89", "98", "1.234,5"])) == DECIMAL_COMMA
    assert detect_number_format(pl.Series(["831.4316666", "190.700", "0"])) == DOT_DECIMAL
    assert detect_number_format(pl.Series(["1.234", "12"])) == DOT_DECIMAL  # no evidence


def test_mixed_decimal_conventions_are_refused():
    from sources.common.contract import ContractError
    from sources.common.numbers import detect_number_format

    with pytest.raises(ContractError, match="both decimal conventions"):
        detect_number_format(pl.Series(["125,89", "831.43"]))


@pytest.mark.parametrize("fmt", [DOT_DECIMAL, DECIMAL_COMMA, COMMA_THOUSANDS])
def test_the_sql_parse_gives_the_polars_answers(fmt):
    """The set-based landing parses prices in DuckDB: the same text, the same number (or none)."""
    texts = [
        "13,800", " 16500 ", "-", "", "1.234,5", "125,89", "1e3", "abc", "16,5", "-16,500",
        None, "inf", "1_000", "+5", ".5", "5.", "1 000", "#N/A", "#DIV/0!", "12.5.3",
    ]  # fmt: skip
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    expected = frame.select(fmt.expr(pl.col("t"))).to_series().to_list()
    found = [row[0] for row in duckdb.sql(f"select {fmt.sql('t')} from frame").fetchall()]
    assert found == expected
