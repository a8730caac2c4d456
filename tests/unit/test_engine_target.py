"""SINERGI_TARGET picks the engine for Dagster's dbt asset as for the dbt profile."""

import pytest

from orchestration.defs.warehouse.assets import dbt_environment
from orchestration.resources import WarehouseResource, warehouse_from_env


def test_duckdb_is_the_default_target(monkeypatch):
    monkeypatch.delenv("SINERGI_TARGET", raising=False)
    warehouse = warehouse_from_env()
    assert warehouse.target == "duckdb"
    assert not warehouse.on_spark


def test_the_spark_target_keeps_its_folder_beside_the_warehouse_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SINERGI_WAREHOUSE", str(tmp_path / "sinergi.duckdb"))
    monkeypatch.setenv("SINERGI_TARGET", "spark")
    monkeypatch.delenv("SINERGI_SPARK_DIR", raising=False)
    warehouse = warehouse_from_env()
    assert warehouse.on_spark
    assert warehouse.raw_zone_dir == tmp_path / "spark" / "raw"
    assert dbt_environment(warehouse) == {
        "SINERGI_WAREHOUSE": str(tmp_path / "sinergi.duckdb"),
        "SINERGI_TARGET": "spark",
        "SINERGI_SPARK_DIR": str(tmp_path / "spark"),
    }


def test_an_unknown_target_is_refused_with_the_ones_there_are(tmp_path):
    warehouse = WarehouseResource(path=str(tmp_path / "sinergi.duckdb"), target="trino")
    with pytest.raises(ValueError, match="unknown dbt target 'trino'.*spark_thrift"):
        assert warehouse.on_spark
