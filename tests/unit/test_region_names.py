import pytest

from sources.common.region_names import alias_key, parse_region_name


@pytest.mark.parametrize(
    ("text", "level", "key"),
    [
        ("Kab. Blitar", "kabupaten", "blitar"),
        ("KABUPATEN BLITAR", "kabupaten", "blitar"),
        ("Kab Blitar", "kabupaten", "blitar"),
        ("KOTA BLITAR", "kota", "blitar"),
        ("Kotamadya Blitar", "kota", "blitar"),
        ("Blitar", None, "blitar"),
        ("Kota Administrasi Jakarta Pusat", "kota", "jakartapusat"),
        ("Kota Jakarta Pusat", "kota", "jakartapusat"),
        ("Palangka Raya", None, "palangkaraya"),
        ("Kota Palangkaraya", "kota", "palangkaraya"),
        ("Kota Bau-Bau", "kota", "baubau"),
        ("Kabupaten Toli-Toli", "kabupaten", "tolitoli"),
        ("Kab. Kotabaru", "kabupaten", "kotabaru"),
        ("PROV ACEH", "provinsi", "aceh"),
        ("KEP. RIAU", None, "kepulauanriau"),
        ("DI Yogyakarta", "provinsi", "yogyakarta"),
        ("Kota Surakarta (Solo)", "kota", "surakarta"),
        ("Pemkot Blitar", "kota", "blitar"),
        ("Bandung Regency", "kabupaten", "bandung"),
    ],
)
def test_prefix_gives_the_level_and_the_rest_a_spacing_free_key(text, level, key):
    parsed = parse_region_name(text)
    assert (parsed.level, parsed.key) == (level, key)


def test_a_name_that_is_only_a_prefix_word_is_not_emptied():
    assert parse_region_name("Kota").key == "kota"


def test_alias_key_keeps_the_prefix():
    assert alias_key("Kota Sampit") == alias_key("kota-sampit") == "kotasampit"


def test_a_province_prefix_after_prov_is_also_dropped():
    assert parse_region_name("PROV DKI JAKARTA").key == parse_region_name("DKI Jakarta").key
    assert parse_region_name("Provinsi D.I. Yogyakarta").key == "yogyakarta"
