"""Reading xlsx exports whole, whatever dimension their sheets declare.

Some PIHPS workbooks declare a sheet dimension of ``A1:C1`` although they hold 30 rows and 260
columns; a streaming reader that trusts it sees one row. Dimensions are reset before reading and
an empty result is an error, never an empty file quietly loaded.
"""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sources.common.contract import ContractError

# A zip bomb in xlsx clothing would expand without bound; real exports are far below this.
MAX_CELLS = 20_000_000


def sheet_rows(path: Path) -> Iterator[tuple[str, list[list[object]]]]:
    """Yield (sheet title, rows as lists of cell values) for every sheet of a workbook."""
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
