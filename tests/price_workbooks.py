"""Writers of small workbooks in the PIHPS export layouts, for tests that need a layout (the
weekly province/city export) or a broken copy the real snapshot does not have.

No real weekly export is in the snapshot (the 34 province/city workbooks, here and in
``../shared/data``, have month columns only): the weekly ones are written from the layout the
exports were reported with (issue 16)."""

from pathlib import Path

from openpyxl import Workbook


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# The columns as the exports head them (issue 16): weeks inside a month are (I), (II), ... and the
# week spanning two months is the later month's (V), standing before that month's (I).
WEEKS_JAN_MAR_2026 = [
    "Jan 2026 (I)", "Jan 2026 (II)", "Jan 2026 (III)", "Jan 2026 (IV)",
    "Feb 2026 (V)", "Feb 2026 (I)", "Feb 2026 (II)", "Feb 2026 (III)",
    "Mar 2026 (V)", "Mar 2026 (I)",
]  # fmt: skip
# April-July 2025 as weeks starting Thursday head them: April 2025 holds four weeks (3-9 ... 24-30
# April), so the week before May's (I) is April's (IV) and May opens without a (V).
WEEKS_APR_JUL_2025 = [
    "Apr 2025 (V)", "Apr 2025 (I)", "Apr 2025 (II)", "Apr 2025 (III)", "Apr 2025 (IV)",
    "May 2025 (I)", "May 2025 (II)", "May 2025 (III)", "May 2025 (IV)",
    "Jun 2025 (V)", "Jun 2025 (I)", "Jun 2025 (II)", "Jun 2025 (III)",
    "Jul 2025 (V)", "Jul 2025 (I)",
]  # fmt: skip
HEADER = ["Komoditas", "no", "name", "level"]


def weekly_province_city_rows(weeks: list[str] = WEEKS_JAN_MAR_2026) -> list[list[object]]:
    """A PIHPS province/city export by weeks (Jawa Timur, Telur Ayam): national, province and two
    cities; each city row has a '-' (no price that week). Prices step down by Rp 50 a week from
    the first column: Kota Blitar from '25,800', Kota Surabaya from '28,400'."""

    def prices(first: int, gap: int | None = None) -> list[str]:
        return ["-" if i == gap else f"{first - 50 * i:,}" for i in range(len(weeks))]

    return [
        [*HEADER, *weeks],
        ["Telur Ayam", "I", "Semua Provinsi", 0, *prices(29900)],
        ["Telur Ayam", "II", "Jawa Timur", 1, *prices(27300)],
        ["Telur Ayam", 1, "Kota Blitar", 2, *prices(25800, gap=2)],
        ["Telur Ayam", 2, "Kota Surabaya", 2, *prices(28400, gap=len(weeks) - 1)],
    ]
