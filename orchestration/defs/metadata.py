"""Materialization metadata shown in the Dagster UI: row counts, column schema, a preview."""

import dagster as dg
import polars as pl


def column_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c, str(t)) for c, t in frame.schema.items()])


def preview(frame: pl.DataFrame, rows: int = 5) -> dg.TableMetadataValue:
    """The first rows as a UI table; values that are not plain scalars are shown as text."""

    def cell(value: object) -> str | int | float | bool | None:
        return value if value is None or isinstance(value, str | int | float | bool) else str(value)

    return dg.MetadataValue.table(
        records=[
            dg.TableRecord({k: cell(v) for k, v in r.items()}) for r in frame.head(rows).to_dicts()
        ],
        schema=column_schema(frame),
    )


def table_metadata(frame: pl.DataFrame) -> dict[str, object]:
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": column_schema(frame),
        "preview": preview(frame),
    }
