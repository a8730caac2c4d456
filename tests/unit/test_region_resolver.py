"""The resolver on real names from the feeds: PIHPS, Bapanas, BPS, WFP, the agreement register."""

import csv

import polars as pl
import pytest

from sources.common.region_resolver import AMBIGUOUS, RESOLVED, UNKNOWN
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("name", "province", "expected"),
    [
        ("Kab. Blitar", None, "35.05"),
        ("KOTA BLITAR", None, "35.72"),
        ("Kota Blitar", "Jawa Timur", "35.72"),
        ("Solo", None, "33.72"),
        ("Kota Surakarta (Solo)", "Jawa Tengah", "33.72"),
        ("Kota Sampit", "Kalimantan Tengah", "62.02"),
        ("kota-sampit", "kalimantan-tengah", "62.02"),
        ("Kota Meulaboh", "Aceh", "11.05"),
        ("Kota Palangkaraya", None, "62.71"),
        ("Palangka Raya", None, "62.71"),
        ("Kota Bau-Bau", "Sulawesi Tenggara", "74.72"),
        ("Kota Padang Sidempuan", "Sumatera Utara", "12.77"),
        ("Kab. Toli Toli", None, "72.04"),
        ("Kota Baru", None, "63.02"),
        ("Kota Jakarta Pusat", "DKI Jakarta", "31.71"),
        ("DKI Jakarta", None, "31"),
        ("KEP. BANGKA BELITUNG", None, "19"),
        ("DAERAH ISTIMEWA YOGYAKARTA", None, "34"),
        ("Lampung Barat", "Lampung", "18.04"),
        ("Kab. Banggai ", "Sulawesi Tengah", "72.01"),
    ],
)
def test_real_feed_names_resolve_to_current_codes(resolver, name, province, expected):
    result = resolver.resolve(name, province)
    assert result.status == RESOLVED, result.message
    assert result.region_code == expected


def test_merauke_filed_under_pre_split_papua_resolves_to_papua_selatan(resolver):
    # PIHPS still lists Kab. Merauke under Papua; since 2022 it is 93.01 in Papua Selatan.
    assert resolver.resolve("Kab. Merauke", "Papua").region_code == "93.01"
    assert resolver.resolve("Kota Sorong", "Papua Barat").region_code == "96.71"


def test_bare_blitar_is_ambiguous_and_names_both_candidates(resolver):
    result = resolver.resolve("Blitar")
    assert result.status == AMBIGUOUS
    assert result.region_code is None
    assert set(result.candidates) == {"35.05 Kabupaten Blitar", "35.72 Kota Blitar"}
    assert "ambiguous" in result.message


def test_same_name_in_two_provinces_is_settled_by_the_province_hint(resolver):
    assert resolver.resolve("Banjar").status == AMBIGUOUS
    assert resolver.resolve("Banjar", "Kalimantan Selatan").region_code == "63.03"
    assert resolver.resolve("Banjar", "Jawa Barat").region_code == "32.79"


def test_unknown_name_is_reported_with_closest_candidates(resolver):
    result = resolver.resolve("Kabupaten Lampung Barta")
    assert result.status == UNKNOWN
    assert "18.04 Kabupaten Lampung Barat" in result.candidates


def test_a_province_hint_that_contradicts_the_name_is_not_overruled(resolver):
    result = resolver.resolve("Kab. Merauke", "Jawa Timur")
    assert result.status == UNKNOWN
    assert "no such region in province" in result.message


def test_an_unknown_province_hint_is_said_not_ignored(resolver):
    result = resolver.resolve("Kota Blitar", "Provinsi Antah Berantah")
    assert result.status == UNKNOWN
    assert "not a known province" in result.message


def test_codes_need_their_system_because_bps_and_kemendagri_disagree(resolver):
    assert resolver.resolve_code("1801", "bps").region_code == "18.04"  # Lampung Barat
    assert resolver.resolve_code("1801").region_code == "18.01"  # Lampung Selatan
    assert resolver.resolve_code("18.04").region_code == "18.04"
    assert resolver.resolve_code("1101", "bps").region_code == "11.09"  # Simeulue


def test_pre_split_papua_codes_map_to_the_new_provinces(resolver):
    assert resolver.resolve_code("91.01").region_code == "93.01"  # Merauke
    assert resolver.resolve_code("9101").region_code == "93.01"
    assert resolver.resolve_code("9201").region_code == "96.01"  # Sorong (laravel-nusa code)
    assert resolver.resolve_code("9401", "bps").region_code == "93.01"
    assert resolver.resolve_code("9999").status == UNKNOWN


def test_every_pihps_market_city_resolves(resolver):
    with open(FIXTURES / "pihps_market_cities.csv", newline="") as handle:
        cities = list(csv.DictReader(handle))
    assert len(cities) == 117
    failures = [
        resolver.resolve(c["market_city"], c["province"], ["kabupaten", "kota"]).message
        for c in cities
        if resolver.resolve(c["market_city"], c["province"], ["kabupaten", "kota"]).status
        != RESOLVED
    ]
    assert failures == []


def test_resolve_frame_resolves_each_distinct_name_once(resolver):
    frame = pl.DataFrame(
        {
            "city": ["Kota Sampit", "Kota Sampit", "Blitar", None],
            "province": ["Kalimantan Tengah", "Kalimantan Tengah", "Jawa Timur", "Aceh"],
        }
    )
    out = resolver.resolve_frame(frame, "city", "province")
    assert out["region_code"].to_list() == ["62.02", "62.02", None, None]
    assert out["resolution_status"].to_list() == [RESOLVED, RESOLVED, AMBIGUOUS, UNKNOWN]
