"""How well the news extractor reads a set of articles, against answers a person wrote down.

The answers are a CSV with one row per agreement an article reports (or one ``none`` row for an
article that reports none: a meeting, a visit, a plan with a foreign partner): its region codes,
organisations, instrument(s) accepted, status, signing date and whether the text gives it,
commodities and flows (``delivered 35.72>31 telur_ayam 1 ton | committed ... ~1000 ton``). Each
article's candidates are paired with its expected agreements (same set of regions first, then
shared organisations, then the instrument), and every field is scored on the pairs:

- precision: of what the extractor said on paired candidates, how much is right;
- recall: of what the answers hold (over all expected agreements, found or not), how much was
  said right.

``false_agreements`` counts signed candidates on articles that report no agreement. The three bars
of issue 16 are computed by ``bars``. Run it from the command line::

    python -m sources.agreements.news_scoring <folder of articles> <answers.csv>
"""

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sources.agreements.news import read_article
from sources.agreements.vocabulary import same_organisation
from sources.common.commodities import CommodityDictionary, default_dictionary
from sources.common.region_resolver import RegionResolver

FIELDS = ("agreements", "region_pairs", "instrument", "signing_date", "commodities",
          "organisations", "flows", "layers")  # fmt: skip
# issue 16: signed agreements with the right regions, dates where the text gives one, and at most
# one false agreement from the articles that report none
BARS = {"signed_region_pairs": 0.90, "signing_dates": 0.80, "false_agreements": 1}
FLOW = re.compile(
    r"^(?P<kind>delivered|committed)\s+(?P<origin>[\d.]*)>(?P<destination>[\d.]*)\s+"
    r"(?P<commodity>\S+)\s+(?P<approximate>~)?(?P<quantity>[\d.]+)\s+(?P<unit>\w+)$"
)


@dataclass
class Expected:
    article: str
    number: int
    status: str
    instruments: set[str]
    signing_date: date | None
    date_in_text: bool
    regions: frozenset[str]
    organisations: list[str]
    commodities: set[str]
    flows: list[tuple]
    layer_of: int | None


@dataclass
class Candidate:
    key: str
    status: str
    instrument: str
    signing_date: date | None  # a date the extractor claims for the signing (not "reported")
    regions: frozenset[str]
    organisations: list[str]
    commodities: set[str]
    flows: list[tuple]
    cooperation: str | None


@dataclass
class Tally:
    """right / said (precision) and right / expected (recall) of one field."""

    right: int = 0
    said: int = 0
    expected: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.said if self.said else None

    @property
    def recall(self) -> float | None:
        return self.right / self.expected if self.expected else None


@dataclass
class Score:
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    articles: int = 0
    none_articles: int = 0
    false_agreements: list[str] = field(default_factory=list)
    signed_pairs: Tally = field(default_factory=Tally)
    dates_given: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)

    def bars(self) -> dict[str, tuple[float, float, bool]]:
        """bar -> (value, threshold, passed)."""
        pairs = self.signed_pairs.recall or 0.0
        dates = self.dates_given.recall or 0.0
        false = len(self.false_agreements)
        return {
            "signed_region_pairs": (pairs, BARS["signed_region_pairs"], pairs >= 0.90),
            "signing_dates": (dates, BARS["signing_dates"], dates >= 0.80),
            "false_agreements": (false, BARS["false_agreements"], false <= 1),
        }

    def report(self) -> str:
        lines = [
            f"articles: {self.articles} ({self.none_articles} reporting no agreement)",
            f"{'field':<15}{'precision':>10}{'recall':>8}{'right':>7}{'said':>6}{'expected':>9}",
        ]
        for name, tally in self.fields.items():
            lines.append(
                f"{name:<15}{_pct(tally.precision):>10}{_pct(tally.recall):>8}"
                f"{tally.right:>7}{tally.said:>6}{tally.expected:>9}"
            )
        for name, (value, threshold, passed) in self.bars().items():
            shown = f"{value}" if name == "false_agreements" else _pct(value)
            bound = "<=" if name == "false_agreements" else ">="
            lines.append(f"bar {name}: {shown} ({bound} {threshold}) {'ok' if passed else 'FAIL'}")
        lines += [f"false agreement: {f}" for f in self.false_agreements]
        lines += [f"missed: {m}" for m in self.misses]
        return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _split(text: str, separator: str = ";") -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def parse_flow(text: str) -> tuple:
    match = FLOW.match(text.strip())
    if not match:
        raise ValueError(f"flow '{text}' is not 'kind origin>destination commodity [~]qty unit'")
    return (
        match["kind"],
        match["origin"] or None,
        match["destination"] or None,
        match["commodity"],
        float(match["quantity"]),
        match["unit"],
        bool(match["approximate"]),
    )


def read_answers(path: Path) -> dict[str, list[Expected]]:
    """article_id -> its expected agreements ([] for an article that reports none)."""
    answers: dict[str, list[Expected]] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            found = answers.setdefault(row["article_id"], [])
            if row["status"] == "none":
                continue
            found.append(
                Expected(
                    article=row["article_id"],
                    number=int(row["agreement"]),
                    status=row["status"],
                    instruments=set(_split(row["instrument"], "|")),
                    signing_date=date.fromisoformat(row["signing_date"])
                    if row["signing_date"]
                    else None,
                    date_in_text=row["date_in_text"] == "yes",
                    regions=frozenset(_split(row["party_codes"])),
                    organisations=_split(row["organisations"]),
                    commodities=set(_split(row["commodities"])),
                    flows=[parse_flow(f) for f in _split(row["flows"], "|")],
                    layer_of=int(row["layer_of"]) if row["layer_of"] else None,
                )
            )
    return answers


def candidates_of(
    path: Path, resolver: RegionResolver, dictionary: CommodityDictionary
) -> list[Candidate]:
    """The extractor's candidates for one article, as the four tables give them."""
    tables = read_article(path, resolver, dictionary, path.parent)
    agreements = tables["agreements"].rows
    parties = tables["agreement_parties"].rows
    commodities = tables["agreement_commodities"].rows
    flows = tables["agreement_flows"].rows
    found = []
    for row in agreements.iter_rows(named=True):
        key = row["agreement_key"]
        mine = parties.filter(parties["agreement_key"] == key)
        found.append(
            Candidate(
                key=key,
                status=row["status"],
                instrument=row["instrument"],
                signing_date=row["signing_date"] if row["date_precision"] != "reported" else None,
                regions=frozenset(c for c in mine["region_code"] if c),
                organisations=[o for o in mine["organisation"] if o],
                commodities=set(
                    commodities.filter(commodities["agreement_key"] == key)["commodity_code"]
                ),
                flows=[
                    (
                        f["flow_type"],
                        f["origin_region_code"],
                        f["destination_region_code"],
                        f["commodity_code"],
                        f["quantity"],
                        f["unit"],
                        f["is_approximate"],
                    )
                    for f in flows.filter(flows["agreement_key"] == key).iter_rows(named=True)
                ],  # fmt: skip
                cooperation=row.get("cooperation_key"),
            )
        )
    return found


def _affinity(expected: Expected, candidate: Candidate) -> float:
    shared = len(expected.regions & candidate.regions)
    organisations = sum(
        any(same_organisation(e, c) for c in candidate.organisations)
        for e in expected.organisations
    )
    if not shared and not organisations:
        return 0.0
    return (
        4.0 * (len(expected.regions) >= 2 and expected.regions == candidate.regions)
        + shared
        + 2.0 * organisations
        + 1.0 * (candidate.instrument in expected.instruments)
        + 0.5 * (candidate.status == expected.status)
        - 0.5 * abs(len(candidate.organisations) - len(expected.organisations))
    )


def pair(expected: list[Expected], found: list[Candidate]) -> list[tuple[Expected, Candidate]]:
    """Each expected agreement with at most one candidate, the closest pairs first."""
    options = sorted(
        ((_affinity(e, c), i, j) for i, e in enumerate(expected) for j, c in enumerate(found)),
        reverse=True,
    )
    taken_e, taken_c, pairs = set(), set(), []
    for affinity, i, j in options:
        if affinity <= 0 or i in taken_e or j in taken_c:
            continue
        taken_e.add(i)
        taken_c.add(j)
        pairs.append((expected[i], found[j]))
    return sorted(pairs, key=lambda p: p[0].number)


def _same_flow(a: tuple, b: tuple) -> bool:
    return a[:4] == b[:4] and a[5] == b[5] and a[6] == b[6] and abs(a[4] - b[4]) <= 0.01 * a[4]


def _count_matches(expected: list, said: list, same) -> int:
    left, right = list(expected), 0
    for item in said:
        hit = next((e for e in left if same(e, item)), None)
        if hit is not None:
            left.remove(hit)
            right += 1
    return right


def score_article(
    score: Score, expected: list[Expected], found: list[Candidate], article: str
) -> None:
    fields = score.fields
    score.articles += 1
    if not expected:
        score.none_articles += 1
        score.false_agreements += [f"{article}: {c.key}" for c in found if c.status == "signed"]
        fields["agreements"].said += len(found)
        return
    pairs = pair(expected, found)
    by_number = {e.number: c for e, c in pairs}
    fields["agreements"].right += len(pairs)
    fields["agreements"].said += len(found)
    fields["agreements"].expected += len(expected)
    for e in expected:
        if e.status == "signed" and len(e.regions) >= 2:
            score.signed_pairs.expected += 1
            hit = by_number.get(e.number)
            score.signed_pairs.right += bool(hit and hit.regions == e.regions)
            if not (hit and hit.regions == e.regions):
                got = sorted(hit.regions) if hit else "nothing"
                score.misses.append(f"{article}#{e.number} regions {sorted(e.regions)}: {got}")
        if e.signing_date and e.date_in_text:
            score.dates_given.expected += 1
            hit = by_number.get(e.number)
            score.dates_given.right += bool(hit and hit.signing_date == e.signing_date)
            if not (hit and hit.signing_date == e.signing_date):
                got = hit.signing_date if hit else "nothing"
                score.misses.append(f"{article}#{e.number} date {e.signing_date}: {got}")
        fields["region_pairs"].expected += len(e.regions) >= 2
        fields["instrument"].expected += 1
        fields["signing_date"].expected += bool(e.signing_date and e.date_in_text)
        fields["commodities"].expected += len(e.commodities)
        fields["organisations"].expected += len(e.organisations)
        fields["flows"].expected += len(e.flows)
        fields["layers"].expected += e.layer_of is not None
    for e, c in pairs:
        if len(c.regions) >= 2:
            fields["region_pairs"].said += 1
            fields["region_pairs"].right += len(e.regions) >= 2 and c.regions == e.regions
        fields["instrument"].said += 1
        fields["instrument"].right += c.instrument in e.instruments
        if c.signing_date:
            fields["signing_date"].said += 1
            fields["signing_date"].right += bool(
                e.date_in_text and e.signing_date and c.signing_date == e.signing_date
            )
        fields["commodities"].said += len(c.commodities)
        fields["commodities"].right += len(c.commodities & e.commodities)
        fields["organisations"].said += len(c.organisations)
        fields["organisations"].right += _count_matches(
            e.organisations, c.organisations, same_organisation
        )
        fields["flows"].said += len(c.flows)
        fields["flows"].right += _count_matches(e.flows, c.flows, _same_flow)
        parent = by_number.get(e.layer_of) if e.layer_of else None
        linked = c.cooperation is not None and c.cooperation != c.key
        fields["layers"].said += linked
        fields["layers"].right += bool(
            linked and parent and c.cooperation in (parent.key, parent.cooperation)
        )
    for e in expected:
        if e.number not in by_number:
            score.misses.append(f"{article}#{e.number}: no candidate")


def score_corpus(
    folder: Path,
    answers_csv: Path,
    resolver: RegionResolver,
    dictionary: CommodityDictionary | None = None,
) -> Score:
    """Score the extractor on every article of ``answers_csv`` found as ``<article_id>.txt``
    in ``folder``; an answer without its article is an error, not a silent skip."""
    answers = read_answers(answers_csv)
    missing = [a for a in answers if not (Path(folder) / f"{a}.txt").exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: no article text for {missing}")
    dictionary = dictionary or default_dictionary()
    score = Score()
    for article, expected in sorted(answers.items()):
        found = candidates_of(Path(folder) / f"{article}.txt", resolver, dictionary)
        score_article(score, expected, found, article)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of <article_id>.txt files")
    parser.add_argument("answers", type=Path, help="expected answers CSV")
    args = parser.parse_args(argv)
    from sources.regions.master import default_resolver

    score = score_corpus(args.folder, args.answers, default_resolver())
    print(score.report())
    return 0 if all(passed for _, _, passed in score.bars().values()) else 1


if __name__ == "__main__":
    sys.exit(main())
