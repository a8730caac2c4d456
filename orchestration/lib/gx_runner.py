"""Run Great Expectations suites on small frames and write their Data Docs.

GE 1.x is used the way that works here (see STACK.md): an ephemeral context, a pandas data source
and a whole-dataframe batch; SQL data sources on DuckDB fail. Big tables are therefore summarised
or sampled in DuckDB first and only the small result is handed to GE. The import alone takes
seconds, so it happens inside ``validate``, never when Dagster loads the code location.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Suite:
    """A named expectation suite and the frame it validates. ``expectations`` receives the
    ``great_expectations.expectations`` module and returns the expectations to add."""

    name: str
    frame: pd.DataFrame
    expectations: Callable[[Any], Sequence[Any]]


@dataclass(frozen=True)
class SuiteOutcome:
    success: bool
    evaluated: int
    failures: list[str] = field(default_factory=list)
    data_docs: str = ""


def validate(suites: Sequence[Suite], docs_dir: Path) -> SuiteOutcome:
    """Validate every suite, build Data Docs under ``docs_dir`` and summarise the result."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.update_data_docs_site(
        "local_site",
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    source = context.data_sources.add_pandas("sinergi")
    definitions = []
    for suite_spec in suites:
        batch = source.add_dataframe_asset(suite_spec.name).add_batch_definition_whole_dataframe(
            "whole"
        )
        suite = context.suites.add(gx.ExpectationSuite(suite_spec.name))
        for expectation in suite_spec.expectations(gxe):
            suite.add_expectation(expectation)
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=suite_spec.name, data=batch, suite=suite)
            )
        )
    failures: list[str] = []
    evaluated = 0
    for spec, definition in zip(suites, definitions, strict=True):
        result = definition.run(batch_parameters={"dataframe": spec.frame})
        for outcome in result.results:
            evaluated += 1
            if not outcome.success:
                config = outcome.expectation_config
                failures.append(
                    f"{spec.name}: {config.type} {dict(config.kwargs)} -> "
                    f"{outcome.result.get('partial_unexpected_list') or outcome.result}"
                )
    # once for all suites: a checkpoint's docs action rebuilds the site's index per suite
    context.build_data_docs(site_names=["local_site"])
    return SuiteOutcome(
        success=not failures,
        evaluated=evaluated,
        failures=failures,
        data_docs=str(docs_dir / "index.html"),
    )
