"""The price period key is declared once, in dbt_project.yml (var price_period_key): the
incremental price models delete and recompute by it, and the landing records exactly those
columns in raw_prices.touched_periods. The landing cannot read dbt's vars at run time, so this
test ties its copy to the declaration."""

import yaml

from orchestration.defs.ingest.prices import RAW
from sources.common.paths import REPO_ROOT


def test_the_landing_records_the_price_period_key_dbt_recomputes_by():
    project = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text())
    key = tuple(project["vars"]["price_period_key"])
    assert {raw.touched for raw in RAW.values()} == {key}
