"""Shared fixtures: the bundled region master is read once per test session."""

import shutil
from pathlib import Path

import pytest

from sources.regions.master import DATA_DIR, RegionMaster, read_region_master

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def region_master() -> RegionMaster:
    return read_region_master()


@pytest.fixture(scope="session")
def resolver(region_master):
    return region_master.resolver


@pytest.fixture
def region_data_copy(tmp_path) -> Path:
    """A writable copy of the bundled region files, for breaking them in tests."""
    target = tmp_path / "regions"
    shutil.copytree(DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
