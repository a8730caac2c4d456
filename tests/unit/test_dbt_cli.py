"""The dbt CLI resource reports the version of the dbt it runs without starting it."""

import re
import subprocess

from orchestration.defs.warehouse.dbt_cli import VENV_DBT, venv_dbt
from orchestration.defs.warehouse.project import sinergi_dbt_project


def test_version_is_the_one_the_executable_reports():
    reported = subprocess.run([VENV_DBT, "--version"], capture_output=True, text=True, check=True)
    installed = re.search(r"installed:\s*(\d+\.\d+\.\d+)", reported.stdout).group(1)
    assert str(venv_dbt(sinergi_dbt_project)._cli_version) == installed
