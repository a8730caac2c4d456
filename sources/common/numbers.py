"""Numbers as Indonesian sources write them, parsed in bulk with polars expressions.

Feeds mix conventions: PIHPS writes ``'13,800'`` (comma thousands), BPS regional CSVs write
``125,89`` (decimal comma), most machine exports use a dot decimal, and ``-``, ``#N/A`` or an empty
cell mean "no value". Each reader states the convention of its format; a cell that still does not
parse is rejected with its text, never turned into a silent null.
"""

from dataclasses import dataclass

import polars as pl

from sources.common.contract import ContractError, concat_rejects, reject_where

# Excel's error values (#DIV/0! where a yield divides by a zero area) hold no number either.
MISSING_MARKERS = ("", "-", "#N/A", "N/A", "NA", "null", "#DIV/0!", "#VALUE!", "#REF!", "#NUM!")


@dataclass(frozen=True)
class NumberFormat:
    """How one source writes numbers: its decimal and thousands separators."""

    decimal: str = "."
    thousands: str | None = None

    def expr(self, text: pl.Expr) -> pl.Expr:
        """Parse a string expression to Float64; missing markers and unparsable text give null."""
        cleaned = text.str.strip_chars()
        cleaned = pl.when(cleaned.is_in(MISSING_MARKERS)).then(None).otherwise(cleaned)
        if self.thousands:
            cleaned = cleaned.str.replace_all(self.thousands, "", literal=True)
        if self.decimal != ".":
            cleaned = cleaned.str.replace_all(self.decimal, ".", literal=True)
        return cleaned.cast(pl.Float64, strict=False)

    def sql(self, text: str) -> str:
        """The same parse as ``expr``, as DuckDB SQL over the text expression ``text``: the
        set-based landing parses whole batches with it (tests/unit/test_numbers.py holds the two
        to the same answers)."""
        cleaned = f"trim({text})"
        markers = ", ".join(_sql_literal(m) for m in MISSING_MARKERS)
        cleaned = f"(case when {cleaned} in ({markers}) then null else {cleaned} end)"
        if self.thousands:
            cleaned = f"replace({cleaned}, {_sql_literal(self.thousands)}, '')"
        if self.decimal != ".":
            cleaned = f"replace({cleaned}, {_sql_literal(self.decimal)}, '.')"
        # DuckDB reads digit separators ('1_000') as numbers, polars does not
        return f"(case when strpos({cleaned}, '_') = 0 then try_cast({cleaned} as double) end)"


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def missing_sql(text: str) -> str:
    """``is_missing`` as DuckDB SQL."""
    markers = ", ".join(_sql_literal(m) for m in MISSING_MARKERS)
    return f"({text} is null or trim({text}) in ({markers}))"


DOT_DECIMAL = NumberFormat()
DECIMAL_COMMA = NumberFormat(decimal=",", thousands=".")
COMMA_THOUSANDS = NumberFormat(decimal=".", thousands=",")


def is_missing(text: pl.Expr) -> pl.Expr:
    return text.is_null() | text.str.strip_chars().is_in(MISSING_MARKERS)


def parse_numbers(
    frame: pl.DataFrame, columns: list[str], fmt: NumberFormat = DOT_DECIMAL
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast text columns to Float64; a cell with text that is not a number becomes a reject.

    Returns (rows that parsed, rejects). Missing markers stay as nulls: whether a column may be
    null is the contract's rule, not the parser's.
    """
    rejects = []
    for column in columns:
        text = pl.col(column)
        frame, bad = reject_where(
            frame,
            ~is_missing(text) & fmt.expr(text).is_null(),
            column,
            text,
            f"not a number (decimal '{fmt.decimal}', thousands '{fmt.thousands or ''}')",
        )
        rejects.append(bad)
    parsed = frame.with_columns(fmt.expr(pl.col(c)).alias(c) for c in columns)
    return parsed, concat_rejects(*rejects)


def parse_integers(
    frame: pl.DataFrame, columns: list[str], fmt: NumberFormat = DOT_DECIMAL
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Like ``parse_numbers`` for counts: a value with a fraction is rejected, not truncated."""
    originals = frame.select(pl.col(c).alias(f"_text_{c}") for c in columns)
    parsed, rejects = parse_numbers(frame.hstack(originals), columns, fmt)
    fractional = []
    for column in columns:
        parsed, bad = reject_where(
            parsed,
            pl.col(column) != pl.col(column).round(0),
            column,
            pl.col(f"_text_{column}"),
            "not a whole number",
        )
        fractional.append(bad)
    parsed = parsed.drop(originals.columns).with_columns(pl.col(c).cast(pl.Int64) for c in columns)
    return parsed, concat_rejects(rejects, *fractional)


def detect_number_format(values: pl.Series) -> NumberFormat:
    """The decimal convention of a column of numbers written as text.

    Regional CSVs do not say which convention they use. Only unambiguous values count as
    evidence: a separator followed by other than three digits (``831.4316666``, ``125,89``), or
    one separator after groups of the other (``1,234.5``, ``1.234,5``). ``1.234`` alone could be
    either and decides nothing; with no evidence at all, dot decimal is assumed. Evidence for both
    conventions in one file is an error, not a guess.
    """
    text = values.cast(pl.String).str.strip_chars().drop_nulls()
    dot = text.str.contains(r"^-?\d+\.(\d{1,2}|\d{4,})$|^-?\d{1,3}(,\d{3})+\.\d+$").sum()
    comma = text.str.contains(r"^-?\d+,(\d{1,2}|\d{4,})$|^-?\d{1,3}(\.\d{3})+,\d+$").sum()
    if dot and comma:
        raise ContractError(
            f"numbers use both decimal conventions ({dot} with a decimal point, {comma} with a "
            "decimal comma)"
        )
    return DECIMAL_COMMA if comma else DOT_DECIMAL
