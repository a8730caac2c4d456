"""Every code a feed may use for a region, mapped to today's Kemendagri code.

Old series must join to today's regions: BPS codes (a different ordering for ~199 regencies:
BPS 1801 is Kemendagri 18.04 Lampung Barat), undotted Kemendagri codes (``3572``), and the Papua
codes before the 2022 split (Merauke was 91.01 and is 93.01) or in the interim 2022 decree
(Sorong was still 92.01 before Papua Barat Daya, now 96.01). One table derived here serves both the
warehouse (``dim_region_code_history``) and the name resolver, so they cannot disagree.
"""

import polars as pl

from sources.common.contract import ReadResult, apply_contract, reject_where
from sources.regions import schema

CURRENT = "Kepmendagri 300.2.2-2138/2025"
PRE_SPLIT = "Kepmendagri 050-145/2022"
INTERIM = "Kepmendagri 100.1.1-6117/2022"
BPS_2020 = "BPS bridge 2020"

_COLUMNS = [
    "code",
    "code_system",
    "code_vintage",
    "region_code",
    "mapping_kind",
    "is_exact",
    "source_file",
    "source_row",
]


def _rows(
    frame: pl.DataFrame,
    code: pl.Expr,
    system: str,
    vintage: str,
    kind: str,
    exact: pl.Expr | bool = True,
) -> pl.DataFrame:
    exact_expr = exact if isinstance(exact, pl.Expr) else pl.lit(exact)
    return frame.select(
        code.alias("code"),
        pl.lit(system).alias("code_system"),
        pl.lit(vintage).alias("code_vintage"),
        pl.col("region_code"),
        pl.lit(kind).alias("mapping_kind"),
        exact_expr.alias("is_exact"),
        pl.col("source_file"),
        pl.col("source_row"),
    )


def _undot(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(".", "", literal=True)


def province_successors(papua_split: pl.DataFrame) -> dict[str, set[str]]:
    """Pre-split province -> provinces carved out of it (``91`` -> ``{93, 94, 95}``)."""
    pairs = papua_split.filter(pl.col("pre_split_province_code") != pl.col("province_code"))
    successors: dict[str, set[str]] = {}
    for old, new in pairs.select("pre_split_province_code", "province_code").unique().iter_rows():
        successors.setdefault(old, set()).add(new)
    return successors


def build_code_history(
    regions: pl.DataFrame, bps_bridge: pl.DataFrame, papua_split: pl.DataFrame
) -> ReadResult:
    """Derive the code mapping; a BPS bridge row whose 2020 Kemendagri code has no current
    region becomes a reject, and a code claimed by two regions raises (the reference is broken).
    """
    regencies = regions.filter(pl.col("region_level") != "provinsi")
    kemendagri = pl.concat(
        [
            _rows(regions, pl.col("region_code"), "kemendagri", CURRENT, "current"),
            _rows(regencies, _undot("region_code"), "kemendagri", CURRENT, "undotted"),
            *(
                _rows(papua_split, form, "kemendagri", PRE_SPLIT, "pre_2022_split")
                for form in (pl.col("pre_split_code"), _undot("pre_split_code"))
            ),
            *(
                _rows(papua_split, form, "kemendagri", INTERIM, "interim_2022")
                for form in (pl.col("interim_code_2022"), _undot("interim_code_2022"))
            ),
        ]
    )
    # An old code equal to a current code of the same region adds nothing: keep the first.
    kemendagri = kemendagri.unique(
        subset=["code", "code_system", "region_code"], keep="first", maintain_order=True
    )
    _refuse_conflicts(kemendagri)

    split_parents = set(province_successors(papua_split))
    # The bridge writes Kemendagri codes undotted: provinces as-is, regencies as 3572.
    lookup = (
        kemendagri.filter(
            (pl.col("mapping_kind") != "current") | (pl.col("code").str.len_chars() == 2)
        )
        .select(pl.col("code").alias("kemendagri_code"), "region_code")
        .unique()
    )
    bridged = bps_bridge.join(lookup, on="kemendagri_code", how="left")
    bridged, rejects = reject_where(
        bridged,
        pl.col("region_code").is_null(),
        "kode_dagri",
        pl.col("kemendagri_code"),
        "BPS bridge Kemendagri code has no current region",
    )
    bps = _rows(
        bridged,
        pl.col("bps_code"),
        "bps",
        BPS_2020,
        "bps_2020",
        exact=~pl.col("region_code").is_in(sorted(split_parents)),
    )
    history = pl.concat([kemendagri, bps]).select(_COLUMNS)
    _refuse_conflicts(history)
    return apply_contract(ReadResult.of(history, rejects), schema.RegionCodeMapping)


def _refuse_conflicts(history: pl.DataFrame) -> None:
    conflicts = (
        history.group_by("code", "code_system")
        .agg(pl.col("region_code").unique().sort())
        .filter(pl.col("region_code").list.len() > 1)
    )
    if conflicts.height:
        raise ValueError(f"codes claimed by several regions: {conflicts.to_dicts()}")
