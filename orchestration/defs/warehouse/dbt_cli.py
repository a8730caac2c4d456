"""The dbt CLI resource: the dbt of this Python environment, whatever the caller's PATH.

dagster-dbt learns the CLI's version by running ``dbt --version`` once per run, a whole dbt
start-up in a subprocess (~4 s here, fixed cost in every run). The executable is the one
installed beside this interpreter, so its version is the installed dbt-core package's: read from
the package metadata instead.
"""

import sys
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

VENV_DBT = str(Path(sys.executable).parent / "dbt")


class VenvDbtCliResource(DbtCliResource):
    """``DbtCliResource`` for the ``dbt`` beside this interpreter (``VENV_DBT``)."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))


def venv_dbt(project: DbtProject) -> VenvDbtCliResource:
    return VenvDbtCliResource(project_dir=project, dbt_executable=VENV_DBT)
