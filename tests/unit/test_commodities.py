"""The commodity dictionary on real spellings from PIHPS, Bapanas, WFP, BPS and the register."""

import polars as pl
import pytest

from sources.common.commodities import COMMODITIES_SEED, CommodityDictionary, default_dictionary

PIHPS_ITEMS = [
    "Beras Kualitas Bawah I",
    "Beras Kualitas Bawah II",
    "Beras Kualitas Medium I",
    "Beras Kualitas Medium II",
    "Beras Kualitas Super I",
    "Beras Kualitas Super II",
    "Daging Ayam Ras Segar",
    "Daging Sapi Kualitas 1",
    "Daging Sapi Kualitas 2",
    "Telur Ayam Ras Segar",
    "Bawang Merah Ukuran Sedang",
    "Bawang Putih Ukuran Sedang",
    "Cabai Merah Besar",
    "Cabai Merah Keriting ",
    "Cabai Rawit Hijau",
    "Cabai Rawit Merah",
    "Minyak Goreng Curah",
    "Minyak Goreng Kemasan Bermerk 1",
    "Minyak Goreng Kemasan Bermerk 2",
    "Gula Pasir Kualitas Premium",
    "Gula Pasir Lokal",
]
PIHPS_GROUPS = [
    "Beras",
    "Daging Ayam",
    "Daging Sapi",
    "Telur Ayam",
    "Bawang Merah",
    "Bawang Putih",
    "Cabai Merah",
    "Cabai Rawit",
    "Minyak Goreng",
    "Gula Pasir",
]


@pytest.fixture(scope="module")
def levels():
    seed = pl.read_csv(COMMODITIES_SEED, infer_schema=False)
    return dict(seed.select("commodity_code", "commodity_level").iter_rows())


def test_the_21_pihps_items_map_to_distinct_item_level_codes(levels):
    codes = [default_dictionary().lookup("pihps", name) for name in PIHPS_ITEMS]
    assert None not in codes
    assert len(set(codes)) == 21
    assert {levels[c] for c in codes} <= {"commodity", "variant"}


def test_the_10_pihps_groups_map_to_groups(levels):
    codes = [default_dictionary().lookup("pihps", name) for name in PIHPS_GROUPS]
    assert {levels[c] for c in codes} == {"group"}


@pytest.mark.parametrize(
    ("source", "spelling", "code"),
    [
        ("pihps", "Cabai Merah Keriting", "cabai_merah_keriting"),
        ("pihps", "CABAI MERAH  KERITING", "cabai_merah_keriting"),
        ("bapanas", "Telur Ayam Ras", "telur_ayam_ras"),
        ("bapanas", "Kedelai Biji Kering (Impor)", "kedelai_impor"),
        ("bapanas", "Jagung Tk Peternak", "jagung_peternak"),
        ("wfp", "Eggs (broiler)", "telur_ayam_ras"),
        ("wfp", "Chili (bird's eye, red)", "cabai_rawit_merah"),
        ("wfp", "Rice (medium quality)", "beras_medium"),
        ("bps", "Kacang Tamnah", "kacang_tanah"),
        ("bps", "Ubikayu / Ketela Pohon", "ubi_kayu"),
        ("bps", "Padi", "gabah_kering_giling"),
        ("bps", "Ikan ", "ikan"),
        ("agreements", "tenun ikat", "tenun_ikat"),
        ("agreements", "gabah (GKP)", "gabah_kering_panen"),
    ],
)
def test_real_spellings(source, spelling, code):
    assert default_dictionary().lookup(source, spelling) == code


def test_unknown_spelling_is_none_not_a_guess():
    assert default_dictionary().lookup("pihps", "Cabai") is None
    assert default_dictionary().lookup("wfp", "Beras") is None  # WFP writes English names


def test_a_crosswalk_row_pointing_to_no_commodity_is_refused(tmp_path):
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text(
        "source,source_name,source_code,commodity_code,note\npihps,Beras,1,beras_hitam,\n"
    )
    with pytest.raises(ValueError, match="unknown commodity 'beras_hitam'"):
        CommodityDictionary.from_seeds(crosswalk=crosswalk)


def test_two_meanings_for_one_spelling_are_refused(tmp_path):
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text(
        "source,source_name,source_code,commodity_code,note\n"
        "pihps,Beras,1,beras,\npihps,BERAS ,1,beras_medium,\n"
    )
    with pytest.raises(ValueError, match="to both beras and beras_medium"):
        CommodityDictionary.from_seeds(crosswalk=crosswalk)


def test_ancestors_walk_up_to_the_root():
    dictionary = default_dictionary()
    assert dictionary.ancestors("telur_ayam_ras") == {"telur_ayam", "pangan_hewani", "pangan"}
    assert dictionary.ancestors("pangan") == set()


def test_narrowest_prefers_the_one_listed_commodity_below():
    dictionary = default_dictionary()
    assert dictionary.narrowest("telur_ayam", ["telur_ayam_ras", "jagung"]) == "telur_ayam_ras"
    assert dictionary.narrowest("beras", ["beras_medium", "beras_premium"]) == "beras"
    assert dictionary.narrowest("jagung", ["telur_ayam_ras"]) == "jagung"
