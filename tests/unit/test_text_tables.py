"""Delimited files in the dialects regional offices export, on copies of the real Lampung files
and on files written in each dialect."""

from pathlib import Path

import pytest

from sources.common.contract import ContractError
from sources.common.text_tables import read_csv_text, sniff

ROWS = ["Tahun;Kode Wilayah;Komoditas;Konsumsi", "2023;1804;Beras;107,48", "2023;1806;Jagung;3,1"]


def _write(path: Path, lines: list[str], encoding="utf-8", bom=False, newline="\n") -> Path:
    text = newline.join(lines) + newline
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize(
    ("lines", "kwargs", "delimiter", "quoted"),
    [
        (ROWS, {"bom": True, "newline": "\r\n"}, ";", False),
        (
            [
                r.replace(";", ",").replace("107,48", '"107,48"').replace("3,1", '"3,1"')
                for r in ROWS
            ],
            {},
            ",",
            False,
        ),
        ([f'"{r}"' for r in ROWS], {"bom": True, "newline": "\r\n"}, ";", True),
        ([r.replace(";", "\t") for r in ROWS], {}, "\t", False),
    ],
)
def test_dialects_read_to_the_same_table(tmp_path, lines, kwargs, delimiter, quoted):
    path = _write(tmp_path / "f.csv", lines, **kwargs)
    dialect = sniff(path)
    assert (dialect.delimiter, dialect.whole_line_quoted) == (delimiter, quoted)
    frame = read_csv_text(path, tmp_path)
    assert frame.columns[:4] == ["Tahun", "Kode Wilayah", "Komoditas", "Konsumsi"]
    assert frame["Konsumsi"].to_list() == ["107,48", "3,1"]
    assert frame["source_row"].to_list() == [2, 3]
    assert frame["source_file"][0] == "f.csv"


def test_cp1252_is_decoded(tmp_path):
    path = _write(
        tmp_path / "f.csv", ["nama;harga", "Kota Baubau – pasar;12000"], encoding="cp1252"
    )
    assert sniff(path).encoding == "cp1252"
    assert read_csv_text(path)["nama"][0] == "Kota Baubau – pasar"


def test_an_empty_file_is_refused(tmp_path):
    path = _write(tmp_path / "f.csv", [""])
    with pytest.raises(ContractError, match="empty"):
        read_csv_text(path)
