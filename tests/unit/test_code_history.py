import polars as pl
import pytest

from sources.regions.code_history import build_code_history, province_successors


def _lookup(history, code, system):
    rows = history.filter((pl.col("code") == code) & (pl.col("code_system") == system))
    assert rows.height == 1, (code, system)
    return rows.row(0, named=True)


def test_bps_codes_map_through_the_bridge_not_by_equal_digits(region_master):
    history = region_master.tables["region_code_history"].rows
    assert _lookup(history, "1801", "bps")["region_code"] == "18.04"  # Lampung Barat
    assert _lookup(history, "3572", "bps")["region_code"] == "35.72"  # Kota Blitar
    assert _lookup(history, "1101", "bps")["region_code"] == "11.09"  # Simeulue


def test_papua_codes_before_the_split_map_to_the_new_provinces(region_master):
    history = region_master.tables["region_code_history"].rows
    merauke = _lookup(history, "91.01", "kemendagri")
    assert (merauke["region_code"], merauke["mapping_kind"], merauke["is_exact"]) == (
        "93.01",
        "pre_2022_split",
        True,
    )
    assert _lookup(history, "9201", "kemendagri")["region_code"] == "96.01"
    assert _lookup(history, "9401", "bps")["region_code"] == "93.01"


def test_pre_split_provinces_are_flagged_inexact(region_master):
    history = region_master.tables["region_code_history"].rows
    papua = _lookup(history, "94", "bps")  # BPS 2020 'PAPUA' covered today's 91, 93, 94, 95
    assert (papua["region_code"], papua["is_exact"]) == ("91", False)
    assert _lookup(history, "35", "bps")["is_exact"] is True


def test_every_current_region_has_its_dotted_and_undotted_code(region_master):
    history = region_master.tables["region_code_history"].rows
    regions = region_master.tables["kemendagri_regions"].rows
    kemendagri = history.filter(pl.col("code_system") == "kemendagri")
    assert set(regions["region_code"]) <= set(kemendagri["code"])
    assert _lookup(history, "3572", "kemendagri")["mapping_kind"] == "undotted"


def test_province_successors_from_the_split(region_master):
    split = region_master.tables["papua_split"].rows
    assert province_successors(split) == {"91": {"93", "94", "95"}, "92": {"96"}}


def test_a_code_claimed_by_two_regions_is_refused(region_master):
    tables = region_master.tables
    split = tables["papua_split"].rows.with_columns(
        pl.when(pl.col("region_code") == "93.01")
        .then(pl.lit("35.72"))
        .otherwise(pl.col("pre_split_code"))
        .alias("pre_split_code")
    )
    with pytest.raises(ValueError, match="claimed by several regions"):
        build_code_history(tables["kemendagri_regions"].rows, tables["bps_bridge"].rows, split)


def test_a_bridge_code_with_no_current_region_is_quarantined(region_master):
    tables = region_master.tables
    bridge = tables["bps_bridge"].rows.with_columns(
        pl.when(pl.col("bps_code") == "1801")
        .then(pl.lit("1899"))
        .otherwise(pl.col("kemendagri_code"))
        .alias("kemendagri_code")
    )
    result = build_code_history(
        tables["kemendagri_regions"].rows, bridge, tables["papua_split"].rows
    )
    assert result.rejects.select("column_name", "value").row(0) == ("kode_dagri", "1899")
    assert "1801" not in result.rows.filter(pl.col("code_system") == "bps")["code"].to_list()
