"""The dbt CLI resource: the dbt of this Python environment, whatever the caller's PATH.

Before each invocation dagster-dbt does two things this project does not need, ~8 s of every
run's fixed cost on two cores (py-spy, the whole pipeline at ``small``):

- it learns the CLI's version by running ``dbt --version``, a whole dbt start-up in a subprocess
  (~4 s). The executable is the one installed beside this interpreter, so its version is the
  installed dbt-core package's, read from the package metadata instead;
- it loads the profile, the project and dbt's macros in this process to hold a dbt adapter
  (~3.5 s), which only ``fetch_row_counts`` and ``fetch_column_metadata`` use. The warehouse
  asset reads its row counts and column schemas from the warehouse itself once dbt has
  finished (``with_table_metadata``), so no adapter is made; without one those two fetches are
  no-ops.
"""

import sys
from collections.abc import Sequence
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

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def venv_dbt(project: DbtProject) -> VenvDbtCliResource:
    return VenvDbtCliResource(project_dir=project, dbt_executable=VENV_DBT)
