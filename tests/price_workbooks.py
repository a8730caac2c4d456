"""Writers of small workbooks in the PIHPS export layouts, for tests that need a layout (the
weekly province/city export) or a broken copy the real snapshot does not have."""

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


def weekly_province_city_rows() -> list[list[object]]:
    """A PIHPS province/city export by weeks of the month (Jawa Timur, April 2025)."""
    header = [
        "Komoditas",
        "no",
        "name",
        "level",
        "Apr 2025 (I)",
        "Apr 2025 (II)",
        "Apr 2025 (III)",
        "Apr 2025 (IV)",
        "Apr 2025 (V)",
    ]
    return [
        header,
        ["Telur Ayam", "I", "Semua Provinsi", 0, "29,900", "29,750", "29,600", "29,500", "29,450"],
        ["Telur Ayam", "II", "Jawa Timur", 1, "27,300", "27,150", "27,000", "26,900", "26,850"],
        ["Telur Ayam", 1, "Kota Blitar", 2, "25,800", "25,650", "-", "25,400", "25,350"],
        ["Telur Ayam", 2, "Kota Surabaya", 2, "28,400", "28,250", "28,100", "28,000", "27,950"],
    ]
