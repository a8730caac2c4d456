"""A family's pandera contract as SQL, for the set-based landing that checks batches in DuckDB.

The rules stay written once, in the pandera model: built-in checks (``isin``, ``greater_than``,
``str_matches`` ...) and nullability are translated from the model's own schema, with the same
rule text pandera reports; a custom check (``@pa.check``) names its SQL twin in the model module's
``SQL_CHECKS``, and tests/unit/test_contract_sql.py runs both on the same rows and requires the
same rejects. A row breaking several rules gets a reject for each, as pandera reports them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pandera.polars as pa


@dataclass(frozen=True)
class SqlCheck:
    column: str
    passes: str  # a boolean SQL expression over the contract's columns, true when the row passes
    rule: str  # as pandera names it in its failure cases


def _literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _anchored(pattern: str) -> str:
    return pattern if pattern.startswith("^") else f"^{pattern}"


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


BUILT_IN = {
    "isin": lambda c, s: f"{c} in ({', '.join(_literal(v) for v in s['allowed_values'])})",
    "notin": lambda c, s: f"{c} not in ({', '.join(_literal(v) for v in s['forbidden_values'])})",
    "greater_than": lambda c, s: f"{c} > {_literal(s['min_value'])}",
    "greater_than_or_equal_to": lambda c, s: f"{c} >= {_literal(s['min_value'])}",
    "less_than": lambda c, s: f"{c} < {_literal(s['max_value'])}",
    "less_than_or_equal_to": lambda c, s: f"{c} <= {_literal(s['max_value'])}",
    # pandera anchors the pattern at the start
    "str_matches": lambda c, s: f"regexp_matches({c}, {_literal(_anchored(s['pattern']))})",
}


def sql_checks(model: type[pa.DataFrameModel], custom: Mapping[str, str]) -> list[SqlCheck]:
    """Every rule of ``model`` as SQL. A built-in check lets nulls pass (nullability is its own
    rule, ``not_nullable``); a custom check's SQL is taken as written, and a null result fails,
    as it does in pandera. A check with no SQL translation is an error, not a skipped rule."""
    checks = []
    for name, column in model.to_schema().columns.items():
        quoted = _quote(name)
        if not column.nullable:
            checks.append(SqlCheck(name, f"{quoted} is not null", "not_nullable"))
        for check in column.checks:
            if check.name in BUILT_IN:
                passes = f"({quoted} is null or {BUILT_IN[check.name](quoted, check.statistics)})"
            elif check.name in custom:
                passes = f"coalesce({custom[check.name]}, false)"
            else:
                raise ValueError(
                    f"{model.__name__}: check {check.name} on {name} has no SQL form; add it to "
                    "SQL_CHECKS beside the model"
                )
            checks.append(SqlCheck(name, passes, check.error or check.name))
    return checks


def rejects_sql(model: type[pa.DataFrameModel], checks: list[SqlCheck], relation: str) -> str:
    """A query of one reject per row and broken rule of ``relation`` (file, row, column, the
    value as text, ``<Model>: <rule>``), the columns quarantine takes."""
    parts = [
        f"select source_file, source_row, {_literal(check.column)} as column_name, "
        f"cast({_quote(check.column)} as varchar) as value, "
        f"{_literal(model.__name__ + ': ' + check.rule)} as rule "
        f"from {relation} where not ({check.passes})"
        for check in checks
    ]
    return "\nunion all\n".join(parts)


def passes_all(checks: list[SqlCheck]) -> str:
    """The predicate of a row that breaks no rule."""
    return " and ".join(f"({check.passes})" for check in checks) or "true"
