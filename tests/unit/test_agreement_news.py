"""The news extractor on articles written in the genre of regional press releases and local
news (tests/fixtures/news/): what each yields, and what a meeting or a plan must not yield."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sources.agreements.layouts import read_agreement_file
from sources.agreements.news import sentences
from sources.agreements.news_dates import publication_date, signing_date
from sources.agreements.quantities import find_quantities, find_rupiah
from sources.common.commodities import default_dictionary
from sources.common.contract import ContractError
from tests.conftest import FIXTURES

NEWS = FIXTURES / "news"


@pytest.fixture(scope="module")
def extract(resolver):
    def _extract(path: Path):
        return read_agreement_file(path, "news", resolver, default_dictionary(), FIXTURES)

    return _extract


def _candidate(extract, article: str) -> dict:
    result = extract(NEWS / article)
    (agreement,) = result["agreements"].rows.rows(named=True)
    return {
        "agreement": agreement,
        "parties": result["agreement_parties"].rows.select(
            "party_role", "region_code", "organisation_type"
        ).rows(),
        "commodities": sorted(result["agreement_commodities"].rows["commodity_code"]),
        "flows": result["agreement_flows"].rows.select(
            "origin_region_code", "destination_region_code", "commodity_code", "quantity",
            "unit", "is_approximate", "flow_type",
        ).rows(),
        "rejects": result["agreements"].rejects,
    }  # fmt: skip


def test_every_fixture_article_is_read():
    assert len(list(NEWS.glob("*.txt"))) >= 8


def test_a_coordination_meeting_yields_no_candidate(extract):
    result = extract(NEWS / "kaltim_rapat_koordinasi.txt")
    assert all(r.rows.height == 0 for r in result.values())
    assert result["agreements"].rejects.height == 0


def test_a_delivered_flow_from_blitar_to_pasar_jaya(extract):
    found = _candidate(extract, "blitar_pasar_jaya_telur.txt")
    agreement = found["agreement"]
    assert (agreement["source"], agreement["instrument"], agreement["status"]) == (
        "news",
        "pks",
        "signed",
    )
    assert (agreement["signing_date"], agreement["date_precision"]) == (date(2025, 6, 17), "day")
    assert agreement["evidence"].startswith("Pemerintah Kota Blitar dan Perumda Pasar Jaya")
    assert found["parties"] == [("pihak_1", "35.72", "pemda"), ("pihak_2", "31", "bumd")]
    assert found["commodities"] == ["telur_ayam"]
    # "telah mengirim satu ton telur dari Kota Blitar ke Jakarta"; "ribuan ton" is a need
    assert found["flows"] == [("35.72", "31", "telur_ayam", 1.0, "ton", False, "delivered")]
    assert agreement["confidence"] == 1.0


def test_pemkot_and_pemkab_before_a_bare_blitar_are_two_regions(extract):
    found = _candidate(extract, "pemkot_pemkab_blitar_ambigu.txt")
    assert found["parties"] == [("pihak_1", "35.72", "pemda"), ("pihak_2", "35.05", "pemda")]
    # the unknown third party is quarantined, not dropped, and the agreement is kept
    (reject,) = found["rejects"].rows(named=True)
    assert (reject["source_file"], reject["column_name"], reject["value"]) == (
        "news/pemkot_pemkab_blitar_ambigu.txt",
        "party",
        "Atlantis Raya",
    )
    assert "not a known region" in reject["rule"]
    assert found["commodities"] == ["daging_sapi"]


def test_a_multi_party_agreement_keeps_all_five_regions(extract):
    found = _candidate(extract, "ciayumajakuning_multi_pihak.txt")
    assert [p[1] for p in found["parties"]] == ["32.09", "32.74", "32.08", "32.10", "32.12"]
    assert [p[0] for p in found["parties"]] == ["pihak_1", "pihak_2"] + ["pihak_lain"] * 3
    assert found["agreement"]["instrument"] == "kesepakatan_bersama"
    assert found["agreement"]["signing_date"] == date(2023, 9, 11)


def test_a_day_and_month_take_the_year_of_the_dateline(extract):
    found = _candidate(extract, "kediri_surakarta_batik.txt")
    agreement = found["agreement"]
    assert (agreement["signing_date"], agreement["date_precision"], agreement["date_text"]) == (
        date(2025, 10, 13),
        "day",
        "Senin (13/10)",
    )
    # two chambers of commerce, each with the city named in it, and no pemda besides
    assert found["parties"] == [("pihak_1", "35.71", "kadin"), ("pihak_2", "33.72", "kadin")]
    assert found["commodities"] == ["batik", "tenun_ikat"]
    assert agreement["instrument"] == "mou"


def test_cooperatives_take_their_home_regions_and_each_supplies_the_other(extract):
    found = _candidate(extract, "probolinggo_blitar_jagung_telur.txt")
    assert found["parties"] == [("pihak_1", "35.74", "koperasi"), ("pihak_2", "35.05", "koperasi")]
    assert found["flows"] == [
        ("35.05", "35.74", "telur_ayam", 20.0, "ton", False, "committed"),
        ("35.74", "35.05", "jagung", 100.0, "ton", False, "committed"),
    ]
    # no date in the signing sentence: the dateline's, labelled as reported
    agreement = found["agreement"]
    assert (agreement["signing_date"], agreement["date_precision"]) == (
        date(2025, 8, 29),
        "reported",
    )


def test_ribuan_ton_is_an_approximate_commitment_with_a_direction(extract):
    found = _candidate(extract, "palembang_nganjuk_bawang.txt")
    assert found["parties"] == [("pihak_1", "16.71", "pemda"), ("pihak_2", "35.18", "pemda")]
    assert found["flows"] == [("35.18", "16.71", "bawang_merah", 1000.0, "ton", True, "committed")]
    assert found["agreement"]["signing_date"] == date(2023, 9, 20)


@pytest.mark.parametrize(
    ("article", "status", "instrument"),
    [
        ("rencana_mou_enrekang.txt", "planned", "mou"),
        ("metro_brebes_penjajakan.txt", "exploratory", "exploratory"),
    ],
)
def test_a_plan_or_an_exploration_is_labelled_not_signed(extract, article, status, instrument):
    found = _candidate(extract, article)
    assert (found["agreement"]["status"], found["agreement"]["instrument"]) == (status, instrument)
    assert found["agreement"]["confidence"] < 0.5
    assert len(found["parties"]) == 2 and all(p[1] for p in found["parties"])


def test_an_empty_article_is_refused(extract, tmp_path):
    (tmp_path / "kosong.txt").write_text("\n  \n")
    with pytest.raises(ContractError, match="kosong.txt: the article is empty"):
        extract(tmp_path / "kosong.txt")


def test_an_ambiguous_bare_name_after_pemda_is_quarantined_with_candidates(extract, tmp_path):
    (tmp_path / "pemda.txt").write_text(
        "Pemda Sepakat Kerja Sama Cabai\n"
        "NGAWI, Senin (13/1/2025) - Pemda Blitar dan Pemerintah Kabupaten Ngawi menandatangani "
        "nota kesepahaman pasokan cabai rawit.\n"
    )
    result = extract(tmp_path / "pemda.txt")
    (reject,) = result["agreements"].rejects.rows(named=True)
    assert reject["value"] == "Blitar"
    assert "35.05" in reject["rule"] and "35.72" in reject["rule"]
    assert result["agreement_parties"].rows["region_code"].to_list() == ["35.21"]
    assert result["agreement_commodities"].rows["commodity_code"].to_list() == ["cabai_rawit"]


def test_sentences_do_not_end_after_abbreviations():
    text = "Bupati Kab. Blitar hadir. Wali Kota Blitar juga. Penandatanganan di Jakarta."
    assert sentences(text) == [
        "Bupati Kab. Blitar hadir.",
        "Wali Kota Blitar juga.",
        "Penandatanganan di Jakarta.",
    ]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("Selasa (17/6/2025), di Blitar.", (date(2025, 6, 17), "day", "Selasa (17/6/2025)")),
        ("pada Jumat, 29 Agustus 2025.", (date(2025, 8, 29), "day", "Jumat, 29 Agustus 2025")),
        ("Jumat (13/12) lalu.", (date(2024, 12, 13), "day", "Jumat (13/12)")),
        ("Jum’at malam (13/12/24)", (date(2024, 12, 13), "day", "Jum’at malam (13/12/24)")),
        ("pada Desember 2024.", (date(2024, 12, 1), "month", "Desember 2024")),
        ("tanpa tanggal.", (None, "unknown", None)),
        # an earlier event's date is not the signing's
        ("tindak lanjut dari rapat pada 11 November 2024 lalu", (None, "unknown", None)),
    ],
)
def test_signing_dates_in_indonesian_forms(window, expected):
    assert signing_date(window, [], published=date(2024, 12, 20)) == expected


@pytest.mark.parametrize(
    ("window", "years", "expected"),
    [
        # no publication date: the year the text names, or one either side on that weekday
        ("Selasa (18/11)", [2024], date(2025, 11, 18)),
        ("Minggu (27/7)", [2025], date(2025, 7, 27)),
        ("di Jakarta (20/9)", [2023], date(2023, 9, 20)),
        # no year fits "Senin (13/12)" near 2024 (a Friday in 2024): no date is guessed
        ("Senin (13/12)", [2024], None),
        ("Senin (6/2)", [], None),
    ],
)
def test_a_day_and_month_take_a_year_on_which_the_weekday_falls(window, years, expected):
    assert signing_date(window, years, published=None)[0] == expected


def test_the_dateline_is_the_first_full_date():
    assert publication_date(["KEDIRI, 14 Oktober 2025 - ... Senin (13/10)."]) == date(2025, 10, 14)
    assert publication_date(["Kamis, 12 Desember 2024 19:22 WIB", "..."]) == date(2024, 12, 12)
    assert publication_date(["Pemkot menandatangani MoU pada 12 Desember 2024 di Jakarta."]) is None


@pytest.mark.parametrize(
    ("text", "amount", "unit", "approximate", "what"),
    [
        ("mengirim satu ton telur", 1.0, "ton", False, "telur"),
        ("sebanyak 30 ton beras", 30.0, "ton", False, "beras"),
        ("produksi 142 ribu ton", 142_000.0, "ton", False, ""),
        ("surplus 291.661 t jagung", 291_661.0, "ton", False, "jagung"),
        ("1,5 kuintal cabai", 0.15, "ton", False, "cabai"),
        ("ribuan ton bawang merah", 1000.0, "ton", True, "bawang merah"),
        ("500 kg daging sapi", 0.5, "ton", False, "daging sapi"),
        ("200 ekor sapi", 200.0, "ekor", False, "sapi"),
    ],
)
def test_quantities_as_records_and_news_write_them(text, amount, unit, approximate, what):
    (quantity,) = find_quantities(text)
    assert (quantity.amount, quantity.unit, quantity.approximate, quantity.what) == (
        pytest.approx(amount),
        unit,
        approximate,
        what,
    )


def test_a_yield_per_hectare_is_not_a_quantity():
    assert find_quantities("produktivitas 6 t/ha") == []


def test_rejects_keep_file_row_column_value_and_rule(extract):
    rejects = _candidate(extract, "pemkot_pemkab_blitar_ambigu.txt")["rejects"]
    assert rejects.columns == ["source_file", "source_row", "column_name", "value", "rule"]
    assert rejects.filter(pl.col("rule").str.contains("party must resolve")).height == 1


def test_a_second_outlet_on_the_same_deal_gives_a_valued_commitment(extract):
    found = _candidate(extract, "blitar_pasar_jaya_telur_media_lain.txt")
    assert found["parties"] == [("pihak_1", "35.72", "pemda"), ("pihak_2", "31", "bumd")]
    assert found["commodities"] == [
        "telur_ayam_ras"
    ]  # "telur" beside "telur ayam ras" adds nothing
    result = extract(NEWS / "blitar_pasar_jaya_telur_media_lain.txt")
    flow = result["agreement_flows"].rows.row(0, named=True)
    assert (flow["origin_region_code"], flow["destination_region_code"]) == ("35.72", "31")
    assert (flow["commodity_code"], flow["quantity"], flow["value_idr"]) == (
        "telur_ayam_ras",
        20.0,
        560_000_000.0,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("senilai Rp1,2 miliar", [1.2e9]),
        ("transaksi Rp 500 juta", [5e8]),
        ("Rp30.000.000 untuk tahap awal", [3e7]),
        ("seharga Rp. 2,5 M", [2.5e9]),
        ("harga Rp 13.800/kg dan Rp 14.000 per kg", []),  # unit prices are not deal values
    ],
)
def test_rupiah_sums_as_news_write_them(text, expected):
    assert find_rupiah(text) == expected
