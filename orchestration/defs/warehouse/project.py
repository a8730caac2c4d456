"""The dbt project, alone in its module: importing it must not import the asset definitions.

``dagster dev`` re-parses the project on start (``prepare_if_dev``); other entry points need
``dbt_project/target/manifest.json`` first, which ``make`` produces with ``dbt parse``.
"""

from dagster_dbt import DbtProject

from sources.common.paths import REPO_ROOT

sinergi_dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project")
sinergi_dbt_project.prepare_if_dev()
