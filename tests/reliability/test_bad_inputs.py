"""The bad-input corpus: real snapshot files, mutated the ways office exports go wrong.

Every case lands its file into a copy of a small warehouse through the ingest's own functions and
asserts the exact outcome: landed (the valid rows, with exactly the expected quarantine rows naming
row, column, value and rule), refused (with a message that names what is wrong), or not picked up
at all; and that no row of any other file changed anywhere in the warehouse.
"""

import csv
import io
import os
import time

import duckdb
import pytest
from openpyxl import load_workbook

from tests.reliability.corpus import (
    AGREEMENTS,
    PRICES,
    STATISTICS,
    WFP_FIXTURE,
    BytesEdit,
    Case,
    FolderLinkOut,
    LinkOut,
    SheetEdit,
    StillCopying,
    TextEdit,
    ZipBomb,
    build_baseline,
    land_case,
    set_field,
)

PONTIANAK = PRICES / "pihps/kalimantan-barat/kota-pontianak/2024.xlsx"
PONTIANAK_TARGET = "pihps/kalimantan-barat/kota-pontianak/2024.xlsx"
BANDUNG = PRICES / "bapanas/harga_komoditas_konsumen_kota_bandung.csv"
BANDUNG_TARGET = "bapanas/harga_komoditas_konsumen_kota_bandung.csv"
PRODUKSI = STATISTICS / "lampung/produksi_pangan.csv"
PENDUDUK = STATISTICS / "kepri/penduduk.csv"
INFLASI = STATISTICS / "inflasi/Inflasi Bulanan (M-to-M) 38 Provinsi (2022=100), 2024.xlsx"
REGISTER = AGREEMENTS / "kerja_sama_antar_daerah_pangan.csv"


def _priced(cells) -> int:
    """Cells holding a price (PIHPS writes '-' for none), counted straight from the sheet."""
    return sum(1 for c in cells if c.value not in (None, "-", ""))


_SHEET = load_workbook(PONTIANAK, read_only=False).worksheets[0]
PRICED_IN_E = _priced(_SHEET["E"][1:])
PRICED_IN_ROW_5 = _priced(_SHEET[5][2:])


def _cell(sheet_cell: str, value):
    def edit(workbook):
        workbook.worksheets[0][sheet_cell] = value

    return SheetEdit(edit)


def _rows(edit):
    return TextEdit(lambda lines: [lines[0], *edit(lines[1:])])


def _fields(number: int, values: dict[int, str], delimiter: str = ",", encoding: str = "utf-8"):
    """Replace fields (index -> value) of file line ``number`` (1 = header)."""

    def edit(lines):
        lines = list(lines)
        for index, value in values.items():
            lines[number - 1] = set_field(lines[number - 1], index, value, delimiter)
        return lines

    return TextEdit(edit, encoding=encoding)


def _line(number: int, index: int, value: str, delimiter: str = ","):
    """Replace field ``index`` of file line ``number`` (1 = header)."""
    return _fields(number, {index: value}, delimiter)


def _swap_columns(a: int, b: int):
    def edit(workbook):
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            row[a].value, row[b].value = row[b].value, row[a].value

    return SheetEdit(edit)


def _append_column(header: str, value: str):
    def edit(workbook):
        sheet = workbook.worksheets[0]
        column = sheet.max_column + 1
        sheet.cell(1, column, header)
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column, value)

    return SheetEdit(edit)


def _empty_workbook(workbook):
    workbook.remove(workbook.worksheets[0])
    workbook.create_sheet("Sheet1")


def _duplicate_line(number: int, changed: tuple[int, str] | None = None):
    def edit(lines):
        copy = lines[number - 1]
        if changed:
            copy = set_field(copy, *changed)
        return [*lines[:number], copy, *lines[number:]]

    return TextEdit(edit)


def _reorder_csv(order: list[int]):
    """Columns moved, quoting kept right (the WFP file quotes fields that hold commas)."""

    def edit(lines):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in csv.reader(lines):
            writer.writerow([row[i] for i in order])
        return out.getvalue().splitlines()

    return TextEdit(edit)


def _decimal_comma_semicolon(lines):
    """Lampung produksi (`;`, dot decimals) as a spreadsheet in Indonesian locale saves it."""
    return [";".join(field.replace(".", ",") for field in line.split(";")) for line in lines]


def _whole_line_quoted(lines):
    return [f'"{line}"' for line in lines]


CASES = [
    # -- PIHPS daily xlsx ------------------------------------------------------------------------
    Case(
        "pihps-truncated",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        BytesEdit(lambda b: b[: len(b) // 2]),
        "refused",
        "not a readable xlsx workbook",
    ),
    Case(
        "pihps-empty-file",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        BytesEdit(lambda b: b""),
        "refused",
        "not a readable xlsx workbook",
    ),
    Case(
        "pihps-sheet-missing",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        SheetEdit(_empty_workbook),
        "refused",
        "not a PIHPS export",
    ),
    Case(
        "pihps-header-renamed",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("B1", "Nama Barang"),
        "refused",
        "expected a header starting ['No', 'Komoditas (Rp)'] (daily) or ['Komoditas', 'no', "
        "'name', 'level'] (province/city), found ['No', 'Nama Barang'",
    ),
    Case(
        "pihps-date-columns-reordered",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _swap_columns(3, 10),
        "landed",
    ),
    Case(
        "pihps-column-added",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _append_column("Keterangan", "sumber: PIHPS"),
        "refused",
        "column JE (Keterangan) is not a date (expected DD/ MM/ YYYY)",
    ),
    Case(
        "pihps-text-price",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E5", "enam belas"),
        "landed",
        quarantine=[(5, "price", "enam belas", "price is not a number")],
        lost=1,
    ),
    Case(
        "pihps-negative-price",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E5", "-16,500"),
        "landed",
        quarantine=[
            (5, "price_idr", "-16500.0", "greater_than(0)"),
            (5, "price_idr", "-16500.0", "plausible band"),
        ],
        lost=1,
    ),
    Case(
        "pihps-zero-price",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E5", "0"),
        "landed",
        quarantine=[
            (5, "price_idr", "0.0", "greater_than(0)"),
            (5, "price_idr", "0.0", "plausible band"),
        ],
        lost=1,
    ),
    Case(
        "pihps-wrong-unit-13,8",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E5", "16,5"),
        "landed",
        quarantine=[(5, "price_idr", "165.0", "plausible band")],
        lost=1,
    ),
    # a date heading applies to its whole column: every priced cell of column E goes
    Case(
        "pihps-future-date",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E1", "03/ 01/ 2031"),
        "landed",
        quarantine=[
            (None, "period_start", "2031-01-03", "date in the future"),
            (None, "period_start", "2031-01-03", "outside the period"),
        ],
        quarantined=2 * PRICED_IN_E,
        lost=PRICED_IN_E,
    ),
    Case(
        "pihps-date-outside-file-year",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("E1", "03/ 01/ 2023"),
        "landed",
        quarantine=[(None, "period_start", "2023-01-03", "outside the period the file covers")],
        quarantined=PRICED_IN_E,
        lost=PRICED_IN_E,
    ),
    # an item name applies to its whole row: every priced day of row 5 goes
    Case(
        "pihps-unknown-commodity",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        _cell("B5", "Beras Ajaib"),
        "landed",
        quarantine=[(5, "commodity", "Beras Ajaib", "unknown pihps commodity name")],
        quarantined=PRICED_IN_ROW_5,
        lost=PRICED_IN_ROW_5,
    ),
    Case(
        "pihps-unknown-region",
        "pihps",
        PONTIANAK,
        "pihps/kalimantan-barat/kota-atlantis/2024.xlsx",
        SheetEdit(),
        "refused",
        "the folder names no single kab/kota ('kota atlantis' is not a known region",
    ),
    Case(
        "pihps-ambiguous-region",
        "pihps",
        PONTIANAK,
        "pihps/jawa-timur/blitar/2024.xlsx",
        SheetEdit(),
        "refused",
        "35.05 Kabupaten Blitar",
    ),
    # -- Bapanas daily long CSV ------------------------------------------------------------------
    Case(
        "bapanas-semicolon-bom-crlf",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        TextEdit(
            lambda lines: [line.replace(",", ";") for line in lines],
            encoding="utf-8-sig",
            newline="\r\n",
        ),
        "landed",
    ),
    Case(
        "bapanas-whole-line-quoting",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        TextEdit(_whole_line_quoted),
        "landed",
    ),
    Case(
        "bapanas-truncated-mid-row",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        BytesEdit(
            lambda b: b[: len(b) // 2].rstrip(b"\n")
            if b[: len(b) // 2].endswith(b"\n")
            else b[: len(b) // 2]
        ),
        "refused",
        "ends in the middle of a row",
    ),
    Case(
        "bapanas-empty-file",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        BytesEdit(lambda b: b""),
        "refused",
        "the file is empty",
    ),
    Case(
        "bapanas-text-price",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _line(2, 4, "enam belas ribu"),
        "landed",
        quarantine=[(2, "price", "enam belas ribu", "price is not a number")],
        lost=1,
    ),
    Case(
        "bapanas-unknown-unit",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _line(2, 3, "Rp./Karung"),
        "landed",
        quarantine=[(2, "unit", "karung", "unit differs")],
        lost=1,
    ),
    Case(
        "bapanas-header-renamed",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _line(1, 4, "Nilai"),
        "refused",
        (
            "not a Bapanas layout; expected columns ['Timestamp', 'Komoditas', "
            "'Satuan', 'Harga'] (daily)",
            "found ['Timestamp', 'ID', 'Komoditas', 'Satuan', 'Nilai', 'Harga Kemarin'",
        ),
    ),
    Case(
        "bapanas-future-date",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _line(2, 0, "2031-09-13"),
        "landed",
        quarantine=[(2, "period_start", "2031-09-13", "date in the future")],
        lost=1,
    ),
    Case(
        "bapanas-not-a-date",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _line(2, 0, "13 Sept 25"),
        "landed",
        quarantine=[(2, "Timestamp", "13 Sept 25", "")],
        lost=1,
    ),
    Case(
        "bapanas-ambiguous-region",
        "bapanas",
        BANDUNG,
        "bapanas/harga_konsumen_blitar.csv",
        TextEdit(),
        "refused",
        "cannot tell which kab/kota",
    ),
    Case(
        "bapanas-duplicated-rows",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _duplicate_line(2),
        "landed",
        duplicates=1,
    ),
    Case(
        "bapanas-duplicate-conflict",
        "bapanas",
        BANDUNG,
        BANDUNG_TARGET,
        _duplicate_line(2, (4, "17000")),
        "landed",
        quarantine=[
            (2, "price_idr", "16000.0", "different values for the same observation"),
            (3, "price_idr", "17000.0", "different values for the same observation"),
        ],
        lost=1,
    ),
    # -- WFP market CSV --------------------------------------------------------------------------
    Case(
        "wfp-cp1252",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _fields(3, {3: "Pasar Kosambí"}, encoding="cp1252"),
        "landed",
        landed=(
            "select distinct source_market from raw_prices.wfp where source_file = ? "
            "and source_market like 'Pasar Kosamb%'",
            [("Pasar Kosambí",)],
        ),
    ),
    Case(
        "wfp-columns-reordered",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _reorder_csv([14, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15]),
        "landed",
    ),
    Case(
        "wfp-column-renamed",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _line(1, 14, "harga"),
        "refused",
        (
            "not a WFP layout; expected the HDX market columns ['date', 'admin1', 'admin2', "
            "'market', 'latitude', 'longitude', 'commodity', 'unit', 'priceflag', 'pricetype', "
            "'currency', 'price'] or the province extract",
            "'currency', 'harga', 'usdprice']",
        ),
    ),
    Case(
        "wfp-column-added",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        TextEdit(lambda lines: [f"{line},x" for line in lines]),
        "landed",
    ),
    Case(
        "wfp-ambiguous-region",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _fields(3, {1: "JAWA TIMUR", 2: "BLITAR", 5: "", 6: ""}),
        "landed",
        quarantine=[(3, "region", "ambiguous", "must resolve to exactly one")],
        lost=1,
    ),
    Case(
        "wfp-pre-split-region",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _fields(3, {1: "PAPUA", 2: "MERAUKE", 5: "-8.49", 6: "140.40"}),
        "landed",
        landed=(
            "select region_code from raw_prices.wfp where source_file = ? "
            "and source_region_name ilike 'MERAUKE'",
            [("93.01",)],
        ),
    ),
    Case(
        "wfp-unknown-commodity",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        _line(3, 8, "Rice (magic)"),
        "landed",
        quarantine=[(3, "commodity", "Rice (magic)", "unknown wfp commodity name")],
        lost=1,
    ),
    # -- BPS statistics --------------------------------------------------------------------------
    Case(
        "bps-decimal-comma-semicolon",
        "bps",
        PRODUKSI,
        "bps/lampung/produksi_pangan.csv",
        TextEdit(_decimal_comma_semicolon),
        "landed",
    ),
    Case(
        "bps-text-value",
        "bps",
        PENDUDUK,
        "bps/kepri/penduduk.csv",
        _line(2, 2, "n.a.x"),
        "landed",
        quarantine=[(2, "jumlah_penduduk", "n.a.x", "value is not a number")],
        lost=1,
    ),
    Case(
        "bps-negative-value",
        "bps",
        PENDUDUK,
        "bps/kepri/penduduk.csv",
        _line(2, 2, "-252090"),
        "landed",
        quarantine=[(2, "value", "-252090.0", "")],
        lost=1,
    ),
    Case(
        "bps-unknown-region",
        "bps",
        PENDUDUK,
        "bps/kepri/penduduk.csv",
        _line(2, 0, "Kabupaten Atlantis"),
        "landed",
        quarantine=[(2, "region", "Kabupaten Atlantis", "")],
        lost=1,
    ),
    Case(
        "bps-table-heading-removed",
        "bps",
        INFLASI,
        "bps/inflasi/Inflasi Bulanan 2024.xlsx",
        SheetEdit(lambda wb: wb.worksheets[0].delete_rows(1, 4)),
        "refused",
        "not a BPS table download: no row of month headings (Januari ... Desember) found",
    ),
    Case(
        "bps-table-sheet-missing",
        "bps",
        INFLASI,
        "bps/inflasi/Inflasi Bulanan 2024.xlsx",
        SheetEdit(_empty_workbook),
        "refused",
        "not a BPS table download: no row of month headings",
    ),
    # -- Agreement registers ---------------------------------------------------------------------
    Case(
        "register-ambiguous-party",
        "agreements",
        REGISTER,
        "agreements/register.csv",
        _fields(3, {4: "", 5: "Blitar", 6: ""}),
        "landed",
        quarantine=[
            (
                3,
                "pihak_1 region",
                "Blitar (no code)",
                "'Blitar' is ambiguous: one of 35.05 Kabupaten Blitar; 35.72 Kota Blitar",
            )
        ],
        lost=1,  # the party row; the agreement and its other rows land
        landed=("select count(*) from raw_agreements.agreements where source_file = ?", [(21,)]),
    ),
    Case(
        "register-sql-in-values",
        "agreements",
        REGISTER,
        "agreements/o'register; drop.csv",
        _fields(3, {4: "", 5: "Kota X'); drop table raw_agreements.agreements; --", 6: ""}),
        "landed",
        quarantine=[
            (
                3,
                "pihak_1 region",
                "Kota X'); drop table raw_agreements.agreements; -- (no code)",
                "is not a known region",
            )
        ],
        lost=1,
        landed=("select count(*) from raw_agreements.agreements where source_file = ?", [(21,)]),
    ),
    Case(
        "register-no-party-columns",
        "agreements",
        REGISTER,
        "agreements/register.csv",
        TextEdit(lambda lines: [",".join(x.split(",")[:4]) for line in lines for x in [line]]),
        "refused",
        "party",
    ),
    # -- the landing folder itself ---------------------------------------------------------------
    Case(
        "symlink-to-a-file-outside",
        "wfp",
        WFP_FIXTURE,
        "wfp/link.csv",
        LinkOut(),
        "refused",
        ("landing/wfp/link.csv: refused, it links to", "outside the wfp/ folder"),
    ),
    Case(
        "dotdot-symlink-outside",
        "wfp",
        WFP_FIXTURE,
        "wfp/up.csv",
        LinkOut(relative=True),
        "refused",
        ("landing/wfp/up.csv: refused, it links to", "/outside/up.csv"),
    ),
    Case(
        "symlinked-folder-outside",
        "wfp",
        WFP_FIXTURE,
        "wfp/elsewhere/wfp_market_hdx.csv",
        FolderLinkOut(),
        None,
    ),
    Case(
        "partial-copy-in-progress",
        "wfp",
        WFP_FIXTURE,
        "wfp/wfp_market_hdx.csv",
        StillCopying(),
        None,
        settle_seconds=10,
    ),
    Case(
        "zip-bomb-xlsx",
        "pihps",
        PONTIANAK,
        PONTIANAK_TARGET,
        ZipBomb(),
        "refused",
        "sheet1.xml unpacks",
    ),
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return build_baseline(tmp_path_factory.mktemp("baseline"))


@pytest.fixture(scope="module")
def clean(baseline, tmp_path_factory):
    """What each unmutated source does under the case's own name: (outcome, quarantine rows)."""
    cache = {}

    def landing(case: Case):
        key = (case.source, case.target, type(case.change))
        if key not in cache:
            unchanged = type(case.change)()
            result = land_case(
                baseline,
                tmp_path_factory.mktemp("clean"),
                case.family,
                case.target,
                lambda path: unchanged.write(case.source, path),
            )
            (outcome,) = result.outcomes
            cache[key] = outcome, result.quarantine
        return cache[key]

    return landing


def _matches(row: tuple, pattern: tuple) -> bool:
    source_row, column, value, rule = pattern
    return (
        source_row in (None, row[0])
        and row[1] == column
        and value in (row[2] or "")
        and rule in row[3]
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, baseline, clean, tmp_path):
    result = land_case(
        baseline,
        tmp_path,
        case.family,
        case.target,
        lambda path: case.change.write(case.source, path),
        case.settle_seconds,
    )
    assert result.others_after == result.others_before  # nothing else changed
    if case.status is None:
        assert result.outcomes == [] and result.log == []
        return
    (outcome,) = result.outcomes
    assert outcome.status == case.status, (outcome, result.quarantine[:5])
    (log,) = result.log
    assert log[0] == case.status
    if case.status == "refused":
        for fragment in (case.message,) if isinstance(case.message, str) else case.message:
            assert fragment in outcome.message
        assert result.quarantine == [(None, "<file>", None, outcome.message)]
        return
    clean_outcome, clean_quarantine = clean(case)
    new = [row for row in result.quarantine if row not in clean_quarantine]
    assert len(new) == (case.quarantined or len(case.quarantine)), new[:5]
    for row in new:
        assert any(_matches(row, p) for p in case.quarantine), row
    for pattern in case.quarantine:
        assert any(_matches(row, pattern) for row in new), pattern
    assert outcome.rows_landed == clean_outcome.rows_landed - case.lost
    assert outcome.rows_duplicate == clean_outcome.rows_duplicate + case.duplicates
    if case.landed:
        query, rows = case.landed
        conn = duckdb.connect(str(result.warehouse), read_only=True)
        assert conn.execute(query, [f"landing/{case.target}"]).fetchall() == rows
        conn.close()


def test_a_partial_copy_lands_once_it_is_complete(baseline, clean, tmp_path):
    """Not read while the copy is in progress; read whole on the first run after it settles."""
    case = next(c for c in CASES if c.id == "wfp-column-added")
    target = "wfp/wfp_market_hdx.csv"
    copying = land_case(
        baseline, tmp_path / "copying", "wfp", target,
        lambda path: StillCopying().write(WFP_FIXTURE, path), settle_seconds=10,
    )  # fmt: skip
    assert copying.outcomes == [] and copying.log == []

    def complete(path):
        TextEdit().write(WFP_FIXTURE, path)
        settled = time.time() - 60
        os.utime(path, (settled, settled))

    done = land_case(baseline, tmp_path / "done", "wfp", target, complete, settle_seconds=10)
    (outcome,) = done.outcomes
    assert outcome.status == "landed"
    assert outcome.rows_landed == clean(case)[0].rows_landed
