"""Agreement registers: golden figures from the real 21-agreement table, header variants
(Indonesian headers, ``;`` CSV with a BOM, XLSX) through one mapping, and must-fail cases."""

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from sources.agreements.layouts import read_agreement_file
from sources.common.commodities import default_dictionary
from sources.common.contract import ContractError

DATA = Path(__file__).parents[2] / "sources" / "agreements" / "data"
REGISTER = DATA / "agreements" / "kerja_sama_antar_daerah_pangan.csv"

INDONESIAN_HEADER = ["No", "Pihak I", "Pihak II", "Tentang", "Nomor", "Tanggal", "Jangka Waktu",
                     "Komoditas", "Volume", "Status"]  # fmt: skip
INDONESIAN_ROWS = [
    ["1", "Kota Blitar", "DKI Jakarta", "Pemenuhan kebutuhan telur warga Jakarta",
     "100/PKS/2025", "17 Juni 2025", "3 tahun", "telur ayam ras",
     "telah dikirim 1 ton telur", "Ditandatangani"],
    ["2", "Kabupaten Probolinggo", "Blitar", "Pertukaran jagung dan telur", "", "29/08/2025",
     "1 tahun", "jagung; telur", "", "Penjajakan"],
    ["3", "Kota Kediri", "Kota Surakarta", "Pemasaran batik dan tenun ikat", "", "", "",
     "batik; tenun ikat; kain songket emas", "", ""],
]  # fmt: skip


@pytest.fixture(scope="module")
def read(resolver):
    def _read(path: Path, root: Path = DATA):
        return read_agreement_file(path, "agreements", resolver, default_dictionary(), root)

    return _read


@pytest.fixture(scope="module")
def real(read):
    return read(REGISTER)


def _indonesian_csv(path: Path) -> Path:
    """As Excel saves a regional office's sheet: BOM, ``;`` separators, quoted lists."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows([INDONESIAN_HEADER, *INDONESIAN_ROWS])
    return path


def test_the_real_register_has_21_agreements_with_every_party_resolved(real):
    agreements, parties = real["agreements"].rows, real["agreement_parties"].rows
    assert agreements.height == 21
    assert agreements["source_agreement_id"].to_list() == [f"KAD-{i:03}" for i in range(1, 22)]
    assert real["agreements"].rejects.height == 0
    assert parties["region_code"].null_count() == 0
    assert parties.select("agreement_key").n_unique() == 21
    assert parties.height == 49


def test_golden_agreements_from_the_real_register(real):
    agreements = real["agreements"].rows
    kad_001 = agreements.filter(pl.col("source_agreement_id") == "KAD-001").row(0, named=True)
    assert (kad_001["instrument"], kad_001["signing_date"], kad_001["date_precision"]) == (
        "kesepakatan_bersama",
        date(2023, 9, 12),
        "day",
    )
    # the five Ciayumajakuning regions, three of them as other parties
    parties = real["agreement_parties"].rows.filter(
        pl.col("agreement_key").str.ends_with("#KAD-001")
    )
    assert sorted(parties["region_code"]) == ["32.08", "32.09", "32.10", "32.12", "32.74"]
    assert parties.filter(pl.col("party_role") == "pihak_lain").height == 3
    kad_007 = agreements.filter(pl.col("source_agreement_id") == "KAD-007").row(0, named=True)
    assert (kad_007["instrument"], kad_007["status"]) == ("exploratory", "exploratory")
    assert agreements.filter(pl.col("signing_date").is_null())["source_agreement_id"].to_list() == [
        "KAD-016",
        "KAD-017",
        "KAD-018",
    ]


def test_organisations_are_typed(real):
    parties = real["agreement_parties"].rows
    kad_008 = parties.filter(pl.col("agreement_key").str.ends_with("#KAD-008"))
    assert set(kad_008["organisation_type"]) == {"bumd"}
    assert set(kad_008["region_code"]) == {"31", "32.11"}
    assert parties.filter(pl.col("agreement_key").str.ends_with("#KAD-009"))[
        "organisation_type"
    ].to_list() == ["bumd", "kelompok_tani"]


def test_golden_flows_from_the_real_register(real):
    flows = real["agreement_flows"].rows.select(
        pl.col("agreement_key").str.extract(r"#(.*)$"), "commodity_code", "quantity", "flow_type"
    )
    assert flows.rows() == [
        ("KAD-008", "beras", 30.0, "delivered"),  # first shipment 30 ton beras
        ("KAD-009", "gabah_kering_panen", 900.0, "committed"),  # potential 900 t GKP
        ("KAD-009", "beras", 450.0, "committed"),
        ("KAD-009", "beras", 10.0, "delivered"),  # first shipment 10 t beras; 6 t/ha is no flow
    ]


def test_indonesian_headers_in_a_semicolon_csv_with_a_bom(read, tmp_path):
    result = read(_indonesian_csv(tmp_path / "register_bagian_kerja_sama.csv"), tmp_path)
    rows = result["agreements"].rows
    assert rows["source_agreement_id"].to_list() == ["1", "2", "3"]
    first = rows.row(0, named=True)
    assert (first["title"], first["document_numbers"], first["signing_date"]) == (
        "Pemenuhan kebutuhan telur warga Jakarta",
        "100/PKS/2025",
        date(2025, 6, 17),
    )
    assert first["scope"] == "3 tahun"  # Jangka Waktu
    assert first["instrument"] == "pks"  # no instrument column: the number 100/PKS/2025 says it
    assert rows["status"].to_list() == ["signed", "exploratory", "signed"]
    assert rows.row(1, named=True)["signing_date"] == date(2025, 8, 29)
    flows = result["agreement_flows"].rows
    assert flows.select("commodity_code", "quantity", "flow_type").rows() == [
        ("telur_ayam_ras", 1.0, "delivered")
    ]


def test_an_ambiguous_party_is_quarantined_with_its_candidates_and_the_rest_kept(read, tmp_path):
    result = read(_indonesian_csv(tmp_path / "register.csv"), tmp_path)
    rejects = result["agreements"].rejects
    blitar = rejects.filter(pl.col("column_name") == "pihak_2 region").row(0, named=True)
    assert (blitar["source_file"], blitar["source_row"], blitar["value"]) == (
        "register.csv",
        3,
        "Blitar (no code)",
    )
    assert "35.05" in blitar["rule"] and "35.72" in blitar["rule"]
    parties = result["agreement_parties"].rows.filter(pl.col("agreement_key") == "register.csv#2")
    assert parties.select("party_name", "region_code").rows() == [
        ("Kabupaten Probolinggo", "35.13")
    ]
    assert result["agreements"].rows.height == 3  # the agreement itself is kept


def test_an_unknown_commodity_is_quarantined_and_the_known_ones_kept(read, tmp_path):
    result = read(_indonesian_csv(tmp_path / "register.csv"), tmp_path)
    unknown = result["agreements"].rejects.filter(pl.col("column_name") == "commodities")
    assert unknown.select("source_row", "value").rows() == [(4, "kain songket emas")]
    kept = result["agreement_commodities"].rows.filter(pl.col("agreement_key") == "register.csv#3")
    assert sorted(kept["commodity_code"]) == ["batik", "tenun_ikat"]


def test_a_code_that_contradicts_the_name_is_quarantined(read, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text(
        "agreement_id,party_a_name,party_a_code,party_b_name,party_b_code,commodities\n"
        "A1,Kota Blitar,35.05,Kabupaten Nganjuk,35.18,jagung\n"
    )
    result = read(path, tmp_path)
    (reject,) = result["agreements"].rejects.rows(named=True)
    assert reject["column_name"] == "pihak_1 region"
    assert "35.05" in reject["rule"] and "35.72" in reject["rule"]
    assert result["agreement_parties"].rows["region_code"].to_list() == ["35.18"]


def test_an_xlsx_register_reads_like_the_csv(read, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(INDONESIAN_HEADER)
    for row in INDONESIAN_ROWS:
        sheet.append(row)
    workbook.save(tmp_path / "register.xlsx")
    from_xlsx = read(tmp_path / "register.xlsx", tmp_path)
    from_csv = read(_indonesian_csv(tmp_path / "register.csv"), tmp_path)
    columns = ["source_agreement_id", "title", "signing_date", "status", "instrument"]
    assert (
        from_xlsx["agreements"]
        .rows.select(columns)
        .equals(from_csv["agreements"].rows.select(columns))
    )


def test_a_file_without_parties_is_refused_naming_what_it_lacks(read, tmp_path):
    path = tmp_path / "not_a_register.csv"
    path.write_text("Tentang,Tanggal,Komoditas\nPasokan beras,2025-01-01,beras\n")
    with pytest.raises(
        ContractError, match=r"not_a_register.csv: not an agreement register.*pihak i"
    ):
        read(path, tmp_path)
