"""Agreements in the warehouse: the real register published whole, news articles dropped into
landing/news/ extracted, linked to the register and to each other, and a register whose status
changes kept in the status history."""

import csv
import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.resources import LandingResource, WarehouseResource
from sources.agreements.news_scoring import read_answers
from tests.conftest import FIXTURES

REGISTER_HEADER = ["No", "Pihak I", "Pihak II", "Tentang", "Tanggal", "Komoditas", "Status"]
REGISTER_ROW = ["KS-1", "Kota Blitar", "Kabupaten Probolinggo", "Pertukaran jagung dan telur",
                "5 Maret 2025", "jagung; telur", "Penjajakan"]  # fmt: skip


def _run(warehouse: WarehouseResource, landing: LandingResource) -> None:
    defs = build_definitions(warehouse, landing)
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("materialize_all").execute_in_process(
            instance=instance, raise_on_error=False
        )
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]


def _write_register(path, status: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows([REGISTER_HEADER, REGISTER_ROW[:-1] + [status]])


def _query(warehouse: WarehouseResource, sql: str, params=()):
    with warehouse.connect(read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def with_news(built_warehouse, tmp_path_factory):
    """A copy of the built warehouse, then a run with the fixture articles in landing/news/ and
    a register in landing/agreements/, then a second run after the register's status changed."""
    source, _ = built_warehouse
    root = tmp_path_factory.mktemp("news_case")
    shutil.copytree(source.file.parent, root / "warehouse")
    warehouse = WarehouseResource(path=str(root / "warehouse" / "sinergi.duckdb"))
    landing = LandingResource(path=str(root / "landing"), settle_seconds=0)
    shutil.copytree(FIXTURES / "news", root / "landing" / "news")
    register = root / "landing" / "agreements" / "register_blitar.csv"
    _write_register(register, "Penjajakan")
    _run(warehouse, landing)
    _write_register(register, "Ditandatangani")
    _run(warehouse, landing)
    return warehouse


def test_the_21_real_agreements_are_published_with_every_party_resolved(published):
    assert published.sql("select count(*) from dim_agreement").fetchone() == (21,)
    assert published.sql(
        "select count(*), count(region_code) from bridge_agreement_party"
    ).fetchone() == (49, 49)
    missing = published.sql(
        "select agreement_id from dim_agreement "
        "where agreement_id not in (select agreement_id from mart_agreement_monitor)"
    ).fetchall()
    assert missing == []


def test_golden_rows_of_the_agreement_marts(published):
    assert published.sql(
        "select origin_region_code, destination_region_code, commodity_code, quantity_ton, "
        "flow_type, period_start from fct_flow where agreement_id = 'KAD-008'"
    ).fetchall() == [(None, None, "beras", 30.0, "delivered", date(2021, 6, 1))]
    parties = published.sql(
        "select region_code, organisation_type from bridge_agreement_party "
        "where agreement_id = 'KAD-001' order by region_code"
    ).fetchall()
    assert parties == [(c, "pemda") for c in ("32.08", "32.09", "32.10", "32.12", "32.74")]
    monitor = published.sql(
        "select delivered_ton, committed_ton from mart_agreement_monitor "
        "where agreement_id = 'KAD-009' and commodity_code = 'beras'"
    ).fetchone()
    assert monitor == (10.0, 450.0)
    assert published.sql("select count(*) from dim_agreement_status_history").fetchone() == (21,)


def test_the_monitor_estimates_only_where_data_suffice(published):
    notes = dict(
        published.sql(
            "select effect_note, count(*) from mart_agreement_monitor group by 1"
        ).fetchall()
    )
    assert notes == {
        "estimated": 13,
        "too thin: fewer than 2 partner region-months before or after signing": 6,
        "no price series for this commodity around the signing": 5,
        "no signing date": 3,
    }
    assert published.sql(
        "select count(*) from mart_agreement_monitor where did_pct is not null "
        "and (partner_obs_before < 2 or partner_obs_after < 2 or control_regions < 3)"
    ).fetchone() == (0,)


def test_a_worked_difference_in_differences(published):
    """KAD-019 (Sumsel-Sulsel bawang merah, 4 Dec 2024): PIHPS monthly shallot prices in the two
    provinces against 137 regions with no shallot agreement, Jun-Nov 2024 vs Jan-Jun 2025."""
    row = published.sql(
        "select price_source, price_commodity_code, partner_obs_before, partner_obs_after, "
        "control_regions, partner_mean_before_idr, partner_mean_after_idr, "
        "control_mean_before_idr, control_mean_after_idr, did_pct "
        "from mart_agreement_monitor where agreement_id = 'KAD-019'"
    ).fetchone()
    assert row[:5] == ("pihps", "bawang_merah", 12, 12, 137)
    partner_before, partner_after, control_before, control_after, did = row[5:]
    assert (partner_before, partner_after) == (32854.17, 39520.83)
    expected = (partner_after / partner_before - control_after / control_before) * 100
    assert did == pytest.approx(expected, abs=1e-3)
    assert did == pytest.approx(-5.1022, abs=1e-4)


def test_articles_become_extracted_candidates_and_a_meeting_none(with_news):
    rows = _query(
        with_news,
        "select source_file, count(*) from raw_agreements.agreements where source = 'news' "
        "group by 1 order by 1",
    )
    records = {file.removeprefix("landing/news/"): count for file, count in rows}
    # one record per agreement the written answers expect; none for a meeting or a visit
    answers = read_answers(FIXTURES / "news" / "fixture_answers.csv")
    assert records == {f"{a}.txt": len(expected) for a, expected in answers.items() if expected}
    log = _query(
        with_news,
        "select status, rows_landed from meta.ingest_log "
        "where source_file = 'landing/news/kaltim_rapat_koordinasi.txt'",
    )
    assert log == [("landed", 0)]


def test_news_is_linked_to_the_register_and_to_other_articles(with_news):
    linked = dict(
        _query(
            with_news,
            "select replace(agreement_key, 'landing/news/', ''), canonical_key "
            "from intermediate.int_agreements_linked where source = 'news'",
        )
    )
    register = "sources/agreements/data/agreements/kerja_sama_antar_daerah_pangan.csv#"
    assert linked["palembang_nganjuk_bawang.txt#1"] == register + "KAD-002"
    assert linked["ciayumajakuning_multi_pihak.txt#1"] == register + "KAD-001"
    assert linked["metro_brebes_penjajakan.txt#1"] == register + "KAD-007"
    # two outlets, one agreement
    assert (
        linked["blitar_pasar_jaya_telur_media_lain.txt#1"]
        == "landing/news/blitar_pasar_jaya_telur.txt#1"
    )
    # a plan two months before the register's signing is its own record
    assert linked["rencana_mou_enrekang.txt#1"] == "landing/news/rencana_mou_enrekang.txt#1"
    kad_002 = _query(
        with_news,
        "select records_linked, news_reports, source from core.dim_agreement "
        "where agreement_id = 'KAD-002'",
    )
    assert kad_002 == [(2, 1, "register")]
    # an article's two agreements between the same regions stay two, the PKS a layer of the MoU
    layers = _query(
        with_news,
        "select replace(agreement_key, 'landing/news/', ''), agreement_id = cooperation_id "
        "from core.dim_agreement where agreement_key like '%mou_dan_pks_koperasi%' order by 1",
    )
    assert layers == [
        ("mou_dan_pks_koperasi_di_sela_acara.txt#1", True),
        ("mou_dan_pks_koperasi_di_sela_acara.txt#2", False),
    ]
    (parent,) = _query(
        with_news,
        "select layer.cooperation_id = mou.agreement_id from core.dim_agreement as layer, "
        "core.dim_agreement as mou where layer.agreement_key like '%di_sela_acara.txt#2' "
        "and mou.agreement_key like '%di_sela_acara.txt#1'",
    )
    assert parent == (True,)


def test_news_flows_and_quarantine_are_published(with_news):
    flows = _query(
        with_news,
        "select origin_region_code, destination_region_code, commodity_code, quantity_ton, "
        "flow_type from core.fct_flow where source_file like 'landing/news/%' order by all",
    )
    assert ("35.72", "31", "telur_ayam", 1.0, "delivered") in flows
    assert ("35.72", "31", "telur_ayam_ras", 20.0, "committed") in flows
    assert ("35.05", "35.74", "telur_ayam", 20.0, "committed") in flows
    quarantined = _query(
        with_news,
        "select source_file, column_name, value from quarantine.agreements",
    )
    assert quarantined == [
        ("landing/news/pemkot_pemkab_blitar_ambigu.txt", "party", "Atlantis Raya")
    ]
    published = duckdb.connect(str(with_news.published_dir / "sinergi.duckdb"), read_only=True)
    agreements, in_monitor = published.sql(
        "select count(*), count(*) filter (where agreement_id in "
        "(select agreement_id from mart_agreement_monitor)) from dim_agreement"
    ).fetchone()
    published.close()
    # 21 registered + 1 landed register row + 16 news records that match no other record
    assert agreements == in_monitor == 38


def test_every_document_that_reports_an_agreement_is_in_the_source_bridge(with_news):
    sources = _query(
        with_news,
        "select source_kind, replace(source_file, 'landing/news/', ''), evidence is not null "
        "from core.bridge_agreement_source where agreement_id = 'KAD-002' order by 1",
    )
    assert sources == [
        ("news", "palembang_nganjuk_bawang.txt", True),
        ("register", "sources/agreements/data/agreements/kerja_sama_antar_daerah_pangan.csv", True),
    ]
    kinds = dict(
        _query(
            with_news,
            "select source_kind, count(distinct source_file) from core.bridge_agreement_source "
            "group by 1",
        )
    )
    # the bundled and the landed register, and every fixture article that tells an agreement
    answers = read_answers(FIXTURES / "news" / "fixture_answers.csv")
    assert kinds == {"register": 2, "news": sum(1 for e in answers.values() if e)}


def test_a_status_change_is_kept_in_the_history(with_news):
    history = _query(
        with_news,
        "select status, valid_to is null from core.dim_agreement_status_history "
        "where agreement_key = 'landing/agreements/register_blitar.csv#KS-1' order by valid_from",
    )
    assert history == [("exploratory", False), ("signed", True)]
    current = _query(
        with_news,
        "select status from core.dim_agreement "
        "where agreement_key = 'landing/agreements/register_blitar.csv#KS-1'",
    )
    assert current == [("signed",)]


def test_the_region_profile_lists_a_regions_agreements(published):
    agreements, signed, partners, commodities = published.sql(
        "select agreements, agreements_signed, agreement_partners, agreement_commodity_codes "
        "from mart_region_profile where region_code = '16.71'"
    ).fetchone()
    assert (agreements, signed) == (5, 5)  # KAD-002, -003, -004, -012, -021
    assert partners.split("; ") == [
        "Kabupaten Bima",
        "Kabupaten Enrekang",
        "Kabupaten Kulon Progo",
        "Kabupaten Nganjuk",
    ]
    assert "bawang_merah" in commodities.split("; ")
    assert published.sql(
        "select agreements, agreements_signed from mart_region_profile where region_code = '18.72'"
    ).fetchone() == (3, 2)  # Kota Metro: the Brebes talks were exploratory
