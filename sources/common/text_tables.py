"""Delimited text files in the dialects Indonesian offices export, read as text.

Regional CSVs come with a BOM, CRLF, ``;`` or ``,`` or tabs, sometimes in cp1252, and sometimes
with every line wrapped in one pair of quotes (``"97;18;Lampung;..."``) so that a naive parser
sees one column. The dialect is detected from the file's first bytes, never configured per file.
Every column is read as a string: parsing numbers and dates is the reader's job, done with the
format's own conventions so that a bad cell is reported with its original text. Large files are
read by polars from disk; only files that need re-encoding or unwrapping are rewritten, line by
line, to a temporary file, so memory stays bounded.
"""

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sources.common.contract import ContractError
from sources.common.paths import display_path

DELIMITERS = (",", ";", "\t", "|")
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Dialect:
    encoding: str  # utf-8 or cp1252
    delimiter: str
    whole_line_quoted: bool


def _is_wrapped(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 1 and stripped[0] == stripped[-1] == '"' and stripped.count('"') == 2


def sniff(path: Path) -> Dialect:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ContractError(f"{path}: the file is empty")
    try:
        text, encoding = head.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 4:  # a multi-byte character cut by the sniff window
            text, encoding = head[: error.start].decode("utf-8-sig"), "utf-8"
        else:
            text, encoding = head.decode("cp1252", errors="replace"), "cp1252"
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0]
    wrapped = _is_wrapped(header) and all(_is_wrapped(x) for x in lines[1:20])
    if wrapped:
        header = header.strip()[1:-1]
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    dialect = Dialect(encoding, delimiter, wrapped)
    check_complete(path, dialect, lines[0])
    return dialect


def _fields(line: str, dialect: Dialect) -> int:
    body = line.strip()
    if dialect.whole_line_quoted:
        body = body.strip('"')
    return len(next(csv.reader([body], delimiter=dialect.delimiter), []))


def check_complete(path: Path, dialect: Dialect, header: str) -> None:
    """Refuse a file cut off in the middle of a row (a copy stopped short, a truncated
    download): its last line has no line break and fewer fields than the header. A file cut
    exactly at a line break cannot be told from a shorter file."""
    with open(path, "rb") as handle:
        handle.seek(max(0, handle.seek(0, 2) - SNIFF_BYTES))
        tail = handle.read()
    if tail.endswith((b"\n", b"\r")):
        return
    last = tail.decode(dialect.encoding, errors="replace").splitlines()[-1]
    if not last.strip():
        return
    expected, found = _fields(header, dialect), _fields(last, dialect)
    if found < expected:
        raise ContractError(
            f"{path}: the file ends in the middle of a row ({found} of {expected} fields and no "
            "line break): it is truncated or still being copied; nothing from it was loaded"
        )


def _normalised_lines(path: Path, dialect: Dialect) -> Iterator[str]:
    with open(
        path,
        encoding="utf-8-sig" if dialect.encoding == "utf-8" else "cp1252",
        errors="replace",
        newline="",
    ) as handle:
        for line in handle:
            body = line.rstrip("\r\n")
            if dialect.whole_line_quoted and _is_wrapped(body):
                body = body.strip()[1:-1]
            yield body + "\n"


def sniff_header(path: Path) -> list[str]:
    """The header's column names as ``read_csv_text`` gives them, from the file's first bytes
    (raises ContractError for an empty or cut-off file)."""
    dialect = sniff(path)
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES).decode(
            "utf-8-sig" if dialect.encoding == "utf-8" else "cp1252", errors="replace"
        )
    line = next(line for line in head.splitlines() if line.strip())
    if dialect.whole_line_quoted:
        line = line.strip()[1:-1]
    return [
        c.lstrip("\ufeff").strip() for c in next(csv.reader([line], delimiter=dialect.delimiter))
    ]


def scan_csv_text(path: Path, workdir: Path, root: Path | None = None) -> pl.LazyFrame:
    """``read_csv_text`` as a lazy scan, for the set-based landing: the same columns, the same
    ``source_file`` and ``source_row``, read only when the batch is streamed. A file that needs
    re-encoding or unwrapping is normalised into ``workdir`` first (line by line), which must
    outlive the scan."""
    dialect = sniff(path)
    options = {"separator": dialect.delimiter, "infer_schema": False, "truncate_ragged_lines": True}
    source = path
    if dialect.encoding != "utf-8" or dialect.whole_line_quoted:
        source = workdir / f"{len(list(workdir.iterdir()))}.csv"
        with open(source, "w", encoding="utf-8") as normalised:
            normalised.writelines(_normalised_lines(path, dialect))
    frame = pl.scan_csv(
        source, encoding="utf8-lossy", row_index_name="source_row", row_index_offset=2, **options
    )
    names = frame.collect_schema().names()
    return frame.rename({c: c.lstrip("\ufeff").strip() for c in names}).with_columns(
        pl.lit(display_path(path, root)).alias("source_file"),
        pl.col("source_row").cast(pl.Int64),
    )


def read_csv_text(path: Path, root: Path | None = None) -> pl.DataFrame:
    """Read a header-first delimited file as strings with ``source_file`` and 1-based
    ``source_row`` (the header is row 1, as a spreadsheet shows the file)."""
    dialect = sniff(path)
    options = {"separator": dialect.delimiter, "infer_schema": False, "truncate_ragged_lines": True}
    if dialect.encoding == "utf-8" and not dialect.whole_line_quoted:
        frame = pl.read_csv(path, encoding="utf8-lossy", **options)
    else:
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as tmp:
            tmp.writelines(_normalised_lines(path, dialect))
            tmp.flush()
            frame = pl.read_csv(tmp.name, **options)
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    return frame.with_columns(
        pl.lit(display_path(path, root)).alias("source_file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("source_row"),
    )


def read_csv_rows(path: Path) -> list[list[str | None]]:
    """A delimited file as rows of cells, nothing taken as a header: for layouts whose header
    is not the first line (BPS table downloads start with a label, a title, a variable row and a
    year row). Blank cells are None; the dialect is detected as for ``read_csv_text``."""
    dialect = sniff(path)
    rows = csv.reader(_normalised_lines(path, dialect), delimiter=dialect.delimiter)
    return [[cell.strip() or None for cell in row] for row in rows]
