"""Reading xlsx exports whole, whatever dimension their sheets declare.

Some PIHPS workbooks declare a sheet dimension of ``A1:C1`` although they hold 30 rows and 260
columns; a streaming reader that trusts it sees one row. Dimensions are reset before reading and
an empty result is an error, never an empty file quietly loaded.

An xlsx is a zip archive, so a hostile or broken one can unpack to far more than it weighs (a
zip bomb). Its directory is checked before anything is unpacked: real exports unpack to at most
~12 times their compressed size (PIHPS sheets, the most repetitive here) and to a few MB.
"""

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sources.common.contract import ContractError

# Limits far above any real export and far below what would exhaust a laptop.
MAX_CELLS = 20_000_000
MAX_UNPACKED_BYTES = 1 << 30
MAX_RATIO = 200  # unpacked / packed size of a member above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 << 20


def check_archive(path: Path) -> None:
    """Refuse an xlsx whose zip directory says it unpacks to more than the limits allow."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ContractError(f"{path}: not a readable xlsx workbook ({error})") from error
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ContractError(
            f"{path}: unpacks to {unpacked >> 20} MB, more than the {MAX_UNPACKED_BYTES >> 20} MB "
            "a workbook may hold; refused as a possible zip bomb"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise ContractError(
                f"{path}: member {member.filename} unpacks {ratio:.0f} times its packed size "
                f"(limit {MAX_RATIO}); refused as a possible zip bomb"
            )


def sheet_rows(path: Path) -> Iterator[tuple[str, list[list[object]]]]:
    """Yield (sheet title, rows as lists of cell values) for every sheet of a workbook."""
    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken zip or xml
        raise ContractError(f"{path}: not a readable xlsx workbook ({error})") from error
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            rows: list[list[object]] = []
            cells = 0
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise ContractError(f"{path}: sheet '{sheet.title}' exceeds {MAX_CELLS} cells")
                rows.append(list(row))
            while rows and all(v is None or str(v).strip() == "" for v in rows[-1]):
                rows.pop()
            yield sheet.title, rows
    finally:
        workbook.close()


def cell_text(value: object) -> str | None:
    """A cell as text: dates as ISO, integral floats without ``.0``, blanks as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def column_label(index: int, header: object) -> str:
    """``C (01/ 01/ 2018)``: the spreadsheet column and its header, for tracing a cell."""
    return f"{get_column_letter(index + 1)} ({cell_text(header)})"
