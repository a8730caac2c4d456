"""What every reader returns, and how a pandera contract splits it into rows and rejects.

Readers never drop a bad row silently and never let one bad cell sink a whole file: a value that
cannot be parsed becomes a *reject* (file, row, column, value, rule) and the rest of the file
lands. Problems with the file's shape (a column missing or renamed) are not row problems: they
raise ``ContractError`` naming the expected and the found columns, because no row of such a file
can be trusted.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

import pandera.polars as pa
import polars as pl

REJECT_SCHEMA = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "column_name": pl.String,
    "value": pl.String,
    "rule": pl.String,
}


class ContractError(ValueError):
    """A file whose shape breaks its family's contract; nothing from it can be loaded.
    ``reader`` names the reader that refused it, once the dispatcher knows."""

    reader = ""


@dataclass(frozen=True)
class ReadResult:
    """Rows in a family's tidy contract plus the rejected cells, both traceable to the file."""

    rows: pl.DataFrame
    rejects: pl.DataFrame
    reader: str = ""  # module.function that read the file, recorded in the ingest log

    @classmethod
    def of(cls, rows: pl.DataFrame, *rejects: pl.DataFrame) -> "ReadResult":
        return cls(rows=rows, rejects=concat_rejects(*rejects))

    def concat(self, other: "ReadResult") -> "ReadResult":
        return ReadResult(
            rows=pl.concat([self.rows, other.rows], how="vertical"),
            rejects=concat_rejects(self.rejects, other.rejects),
            reader=self.reader,
        )


Result = TypeVar("Result", "ReadResult", "dict[str, ReadResult]")


def read_with(reader: Callable[..., Result], *args: object) -> Result:
    """Call one reader and name it on what it returns (a result or a dict of per-table results)
    or on the ContractError it raises, so the ingest log says which reader handled each file."""
    name = f"{reader.__module__}.{reader.__qualname__}"
    try:
        result = reader(*args)
    except ContractError as error:
        error.reader = name
        raise
    if isinstance(result, dict):
        return {table: replace(r, reader=name) for table, r in result.items()}
    return replace(result, reader=name)


def reader_of(result: object) -> str:
    """The reader named on a result, a dict of results or a ContractError ('' if none)."""
    if isinstance(result, dict):
        result = next(iter(result.values()), None)
    return getattr(result, "reader", "") or ""


def empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA)


def concat_rejects(*frames: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([empty_rejects(), *(f.select(REJECT_SCHEMA.keys()) for f in frames)])


def reject_where(
    frame: pl.DataFrame, condition: pl.Expr, column: str | pl.Expr, value: pl.Expr, rule: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``frame`` into (rows that pass, rejects for rows where ``condition`` holds).
    ``column`` names the file's column, or is an expression giving it per row (long frames
    melted from wide files keep each cell's column in ``source_column``)."""
    flagged = frame.with_columns(_bad=condition.fill_null(False))
    column_name = pl.lit(column) if isinstance(column, str) else column
    rejects = flagged.filter(pl.col("_bad")).select(
        pl.col("source_file"),
        pl.col("source_row").cast(pl.Int64),
        column_name.cast(pl.String).alias("column_name"),
        value.cast(pl.String).alias("value"),
        pl.lit(rule).alias("rule"),
    )
    return flagged.filter(~pl.col("_bad")).drop("_bad"), rejects


TRACE_COLUMNS = ("source_file", "source_row")


def file_columns(columns: list[str]) -> list[str]:
    """A frame's columns as the file has them (without the trace columns readers add)."""
    return [c for c in columns if c not in TRACE_COLUMNS]


def require_columns(found: list[str], expected: list[str], source_file: str) -> None:
    """Raise ContractError when a file lacks columns its reader needs (renamed header, drift)."""
    found = file_columns(found)
    missing = [c for c in expected if c not in found]
    if missing:
        raise ContractError(
            f"{source_file}: missing column(s) {missing}; expected {expected}, found {found}"
        )


def apply_contract(result: ReadResult, model: type[pa.DataFrameModel]) -> ReadResult:
    """Validate rows against a pandera model; failing rows move to the rejects, the rest stay.

    The frame must carry ``source_file`` and ``source_row`` so every reject names where it
    came from. Validation is eager (a LazyFrame is only checked for schema by pandera).
    """
    rows = result.rows.with_row_index("_idx")
    try:
        model.validate(rows.drop("_idx"), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        frame_level = cases.filter(pl.col("index").is_null())
        if frame_level.height:
            problems = "; ".join(
                f"{r['check']}: {r['failure_case']}" for r in frame_level.iter_rows(named=True)
            )
            files = rows.get_column("source_file").unique().sort().to_list()
            raise ContractError(
                f"{', '.join(files) or '<empty>'}: breaks contract {model.__name__} "
                f"({problems}); expected columns {list(model.to_schema().columns)}, "
                f"found {result.rows.columns}"
            ) from None
        located = cases.join(
            rows.select("_idx", "source_file", "source_row"),
            left_on=pl.col("index").cast(pl.UInt32),
            right_on="_idx",
        )
        rejects = located.select(
            pl.col("source_file"),
            pl.col("source_row").cast(pl.Int64),
            pl.col("column").alias("column_name"),
            pl.col("failure_case").cast(pl.String).alias("value"),
            (pl.lit(f"{model.__name__}: ") + pl.col("check")).alias("rule"),
        )
        bad = located.get_column("index").cast(pl.UInt32).unique()
        valid = rows.filter(~pl.col("_idx").is_in(bad.implode())).drop("_idx")
        return ReadResult(rows=valid, rejects=concat_rejects(result.rejects, rejects))
    return result
