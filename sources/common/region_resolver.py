"""Resolve what a feed calls a region to today's Kemendagri ``region_code``.

Every reader goes through this one resolver, so a name is matched the same way whatever the feed.
It answers with a ``Resolution`` that says how it matched, or why it could not: a bare ``Blitar`` is
*ambiguous* (Kota 35.72 or Kabupaten 35.05) and is returned with both candidates, never guessed; an
unknown name comes back with the closest names so a person can add an alias.

Order of evidence: a code in a stated code system (Kemendagri dotted or undotted, BPS), then the
alias table (market cities such as ``Kota Sampit`` that are not kab/kota names), then the name key
restricted by the level its prefix states and by an optional province hint. A hint naming a
pre-2022 province (PIHPS still files Merauke under ``Papua``) also admits its successor provinces.
"""

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from sources.common.region_names import LEVELS, alias_key, parse_region_name

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    province_code: str


@dataclass(frozen=True)
class Alias:
    alias: str
    region_code: str


@dataclass(frozen=True)
class CodeMapping:
    """An older or other-system code and the current region it belongs to."""

    code: str
    code_system: str
    region_code: str


@dataclass(frozen=True)
class Resolution:
    query: str
    status: str
    region_code: str | None = None
    method: str | None = None
    candidates: tuple[str, ...] = field(default=())
    reason: str | None = None

    @property
    def message(self) -> str:
        listed = "; ".join(self.candidates)
        if self.status == RESOLVED:
            return f"'{self.query}' -> {self.region_code} ({self.method})"
        if self.status == AMBIGUOUS:
            return f"'{self.query}' is ambiguous: one of {listed}"
        why = f" ({self.reason})" if self.reason else ""
        return f"'{self.query}' is not a known region{why}" + (
            f"; candidates: {listed}" if listed else ""
        )


class RegionResolver:
    def __init__(
        self,
        regions: Iterable[Region],
        aliases: Iterable[Alias] = (),
        code_mappings: Iterable[CodeMapping] = (),
        province_successors: Mapping[str, Iterable[str]] | None = None,
        centroids: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self._regions = {r.code: r for r in regions}
        self._by_key: dict[str, list[Region]] = defaultdict(list)
        for region in self._regions.values():
            self._by_key[parse_region_name(region.name).key].append(region)
        self._aliases: dict[str, str] = {}
        for a in aliases:
            if a.region_code not in self._regions:
                raise ValueError(f"alias '{a.alias}' points to unknown region {a.region_code}")
            self._aliases[alias_key(a.alias)] = a.region_code
        self._codes: dict[tuple[str, str], str] = {}
        for region in self._regions.values():
            self._codes[("kemendagri", _undotted(region.code))] = region.code
        for m in code_mappings:
            self._codes.setdefault((m.code_system, _undotted(m.code)), m.region_code)
        self._successors = {k: set(v) for k, v in (province_successors or {}).items()}
        self._centroids = dict(centroids or {})

    @property
    def regions(self) -> Mapping[str, Region]:
        return self._regions

    def resolve_code(self, code: str, code_system: str = "kemendagri") -> Resolution:
        """Resolve ``35.72``/``3572`` (Kemendagri) or a BPS code; the system must be stated,
        because ``1801`` is Lampung Selatan to Kemendagri and Lampung Barat to BPS. BPS writes a
        province in four digits as ``3500`` where it lists provinces beside regencies."""
        query = str(code).strip()
        key = _undotted(query)
        if code_system == "bps" and len(key) == 4 and key.endswith("00"):
            key = key[:2]
        found = self._codes.get((code_system, key))
        if found is None:
            return Resolution(query, UNKNOWN)
        return Resolution(query, RESOLVED, found, f"{code_system} code")

    def resolve(
        self,
        name: str,
        province: str | None = None,
        levels: Iterable[str] | None = None,
        near: tuple[float, float] | None = None,
    ) -> Resolution:
        """Resolve a region name, optionally within a province (name or code) and levels.

        ``near`` (latitude, longitude of the place observed, e.g. a WFP market) settles a name
        shared by a kota and a kabupaten by the nearer centroid; without it such a name stays
        ambiguous.
        """
        query = name.strip()
        alias = self._aliases.get(alias_key(query))
        if alias is not None:
            return Resolution(query, RESOLVED, alias, "alias")
        parsed = parse_region_name(query)
        allowed = set(levels or LEVELS)
        if parsed.level is not None:
            allowed &= {parsed.level}
        candidates = [r for r in self._by_key.get(parsed.key, []) if r.level in allowed]
        if province and candidates:
            scope = self._province_scope(province)
            labels = tuple(map(_label, candidates))
            if scope is None:
                reason = f"province hint '{province}' is not a known province"
                return Resolution(query, UNKNOWN, candidates=labels, reason=reason)
            candidates = [r for r in candidates if r.province_code in scope]
            if not candidates:
                reason = f"no such region in province '{province}'"
                return Resolution(query, UNKNOWN, candidates=labels, reason=reason)
        if len(candidates) == 1:
            return Resolution(query, RESOLVED, candidates[0].code, "name")
        if candidates and near is not None and all(r.code in self._centroids for r in candidates):
            nearest = min(
                candidates, key=lambda r: _squared_distance(self._centroids[r.code], near)
            )
            return Resolution(query, RESOLVED, nearest.code, "name, nearest centroid")
        if candidates:
            return Resolution(query, AMBIGUOUS, candidates=tuple(map(_label, candidates)))
        return Resolution(query, UNKNOWN, candidates=self._closest(parsed.key, allowed))

    def resolve_frame(
        self,
        frame: pl.DataFrame,
        name_column: str,
        province_column: str | None = None,
        levels: Iterable[str] | None = None,
        coordinates: tuple[str, str] | None = None,
    ) -> pl.DataFrame:
        """Add ``region_code``, ``resolution_status`` and ``resolution_note`` to a frame.

        Each distinct (name, province[, coordinates]) is resolved once, then joined back, so a
        file of a million rows costs as many lookups as it has distinct names (or places).
        """
        keys = [name_column] + ([province_column] if province_column else [])
        keys += list(coordinates or ())
        distinct = frame.select(keys).unique()
        resolved = []
        for row in distinct.iter_rows(named=True):
            name = row[name_column]
            hint = row[province_column] if province_column else None
            near = None
            if coordinates and None not in (row[coordinates[0]], row[coordinates[1]]):
                near = (float(row[coordinates[0]]), float(row[coordinates[1]]))
            res = (
                self.resolve(name, hint, levels, near)
                if name is not None
                else Resolution("", UNKNOWN)
            )
            resolved.append(
                {
                    **row,
                    "region_code": res.region_code,
                    "resolution_status": res.status,
                    "resolution_note": res.message,
                }
            )
        lookup = pl.DataFrame(
            resolved,
            schema={
                **distinct.schema,
                "region_code": pl.String,
                "resolution_status": pl.String,
                "resolution_note": pl.String,
            },
        )
        return frame.join(lookup, on=keys, how="left", nulls_equal=True)

    def _province_scope(self, province: str) -> set[str] | None:
        """Province codes a hint admits: the province itself plus any that split from it."""
        by_code = self.resolve_code(province)
        res = by_code if by_code.status == RESOLVED else self.resolve(province, levels=["provinsi"])
        if res.status != RESOLVED or self._regions[res.region_code].level != "provinsi":
            return None
        return {res.region_code, *self._successors.get(res.region_code, ())}

    def _closest(self, key: str, levels: set[str]) -> tuple[str, ...]:
        keys = [k for k, rs in self._by_key.items() if any(r.level in levels for r in rs)]
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
        return tuple(_label(r) for k in close for r in self._by_key[k] if r.level in levels)


def _squared_distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Enough to rank two candidate centroids a few tens of km apart."""
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _undotted(code: str) -> str:
    return code.replace(".", "").strip()


def _label(region: Region) -> str:
    return f"{region.code} {region.name}"
