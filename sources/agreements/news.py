"""Candidate agreements from Indonesian news articles, by rules (no network, no hosted model).

An article (a plain-text file, title first, then the dateline or publication line and the body)
yields one candidate per agreement it reports: a government MoU and, ``di sela acara``, a PKS of
two cooperatives are two candidates, the second linked to the first as a layer of one cooperation
(``cooperation_key``). Clauses and their parties are found by news_clauses (instruments, signing,
plans, explorations, enumerations, passives), names by news_parties (the region master, titles,
the article's own abbreviations, organisation patterns), dates by news_dates (against the
publication date and the weekday), flows by news_flows. The headline is read only when the body
tells no agreement (``... sudah Tandatangani PKS Dengan Koperasi Bojonegoro dan Sumenep``).

Every candidate keeps its evidence sentence(s), a confidence (0-1, from the signals found) and,
when something is uncertain, the reasons in ``uncertainty``; uncertain candidates are flagged,
never dropped. A party whose region does not resolve is quarantined with the resolver's answer and
the candidate keeps its other parties. Linking a candidate to a register record or another
article is done in the warehouse, not here.

Why rules and no Indonesian NLP library: the libraries on PyPI that tag Indonesian either ship no
model (nlp-id 0.1.23 downloads its POS model from a hub at run time, which cannot run here) or only
clean text (indonlp); what decides the answers here is the region gazetteer, the clause shapes and
the dates, which a tagger does not give.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sources.agreements.news_clauses import (
    CONTINUES,
    SIGNING,
    clauses_of,
    is_agreement,
    parse_clause,
)
from sources.agreements.news_dates import (
    DATELINE,
    find_dates,
    publication_date,
    signing_date,
    text_years,
)
from sources.agreements.news_flows import flows_in
from sources.agreements.news_parties import Gazetteer, Mention, kind_of
from sources.agreements.register import assemble
from sources.agreements.vocabulary import commodities_in, same_organisation
from sources.common.commodities import CommodityDictionary
from sources.common.contract import ContractError, ReadResult
from sources.common.paths import display_path
from sources.common.region_resolver import RegionResolver

ABBREVIATIONS = ("Kab.", "Kec.", "Kel.", "No.", "Rp.", "Prov.", "Pj.", "Dr.", "Ir.", "H.", "Hj.",
                 "drg.", "dr.", "Drs.", "S.", "M.", "SE.", "PT.")  # fmt: skip
# instruments from the most to the least specific: a merged candidate keeps the most specific
SPECIFICITY = ["mou", "kesepakatan_bersama", "pks", "b2b", "exploratory", "kad", "other"]
STATUS_RANK = {"signed": 0, "planned": 1, "exploratory": 2}


def sentences(text: str) -> list[str]:
    """Split on sentence ends, but not after ``Kab.`` or a single initial."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", " ".join(text.split()))
    merged: list[str] = []
    for part in parts:
        if merged and (merged[-1].endswith(ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", merged[-1])):
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged


@dataclass
class Draft:
    """A candidate as the clauses build it, before it becomes rows."""

    parties: list[Mention]
    instrument: str
    status: str
    evidence: list[str]
    earlier: bool
    summary: bool
    signed_on: date | None = None
    precision: str = "unknown"
    date_text: str | None = None
    context: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(m.region_code for m in self.parties if m.region_code)

    @property
    def organisations(self) -> list[str]:
        return [m.organisation for m in self.parties if m.organisation]

    def same_agreement(self, other: "Draft") -> bool:
        """Governments only: the same regions. With organisations: the organisations of one
        are among the other's, and so are its regions (a home the second mention omits)."""
        mine, theirs = self.organisations, other.organisations
        if not mine or not theirs:
            return not mine and not theirs and self.regions == other.regions
        small, large = sorted((self, other), key=lambda d: len(d.organisations))
        return all(
            any(same_organisation(a, b) for b in large.organisations) for a in small.organisations
        ) and (small.regions <= large.regions or large.regions <= small.regions)

    def absorb(self, other: "Draft", detail: bool = False) -> None:
        """Take what ``other`` adds; a detail (a clause pointing back) only names the instrument
        of a candidate that has none of its own (``kerja sama`` -> ``MoU``)."""
        specific = SPECIFICITY.index(other.instrument) < SPECIFICITY.index(self.instrument)
        if specific and (not detail or self.instrument in ("kad", "other")):
            self.instrument = other.instrument
        if STATUS_RANK[other.status] < STATUS_RANK[self.status]:
            self.status = other.status
        if self.signed_on is None and other.signed_on is not None:
            self.signed_on, self.precision, self.date_text = (
                other.signed_on, other.precision, other.date_text)  # fmt: skip
        known = {m.identity for m in self.parties}
        self.parties += [m for m in other.parties if m.identity not in known]
        self.evidence += [e for e in other.evidence if e not in self.evidence]
        self.context += [c for c in other.context if c not in self.context]
        self.earlier = self.earlier and other.earlier
        self.summary = self.summary and other.summary


def _page_element(line: str) -> bool:
    """A related article's headline or a menu the page carries between paragraphs: a short
    line in title case with no sentence end (``Pemkab Blora Jajaki Kerja Sama dengan ...``)."""
    words = line.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return (
        3 <= len(words) <= 20
        and not re.search(r"[.!?\"”)]$", line)
        and capitalised >= 0.6 * len(words)
    )


def _regions(mentions: list[Mention]) -> frozenset[str]:
    return frozenset(m.region_code for m in mentions if m.region_code)


def _subject(title: str, lead: str, gazetteer: Gazetteer) -> Mention | None:
    """The government (or organisation) an article is about: the first the headline names,
    else the first the lead names."""
    for text in (title, lead):
        found = [m for m in gazetteer.parties(text) if m.region_code]
        if found:
            return found[0]
    return None


def _drafts(
    body: list[str], gazetteer: Gazetteer, subject, years, published
) -> tuple[list[Draft], tuple]:
    """Candidates told by ``body`` and the first signing date any clause gives (the event's)."""
    drafts: list[Draft] = []
    event = (None, "unknown", None)
    for index, sentence in enumerate(body):
        if not is_agreement(sentence):
            continue
        following = body[index + 1] if index + 1 < len(body) else ""
        context = [] if is_agreement(following) else [following]
        pieces = clauses_of(sentence)
        for piece in pieces:
            if not is_agreement(piece):
                continue
            told_in = piece if len(pieces) > 1 else sentence
            clause = parse_clause(piece, sentence, gazetteer, 0, subject)
            verb = SIGNING.search(piece)
            when = (None, "unknown", None)
            if not clause.earlier:
                when = signing_date(piece, years, published, verb.start() if verb else 0)
                if when[0] is None and len(clauses_of(sentence)) == 1:
                    when = signing_date(sentence, years, published, sentence.find(piece))
                if when[0] is not None and event[0] is None:
                    event = when
            told = [
                d
                for d in drafts
                if any(g[1] and _regions(g[1]) <= d.regions for g in clause.groups)
            ]
            if clause.points_back and drafts and (told or not clause.groups):
                last = (told or drafts)[-1]
                detail = Draft(
                    [], clause.instrument, last.status, [], last.earlier, last.summary, *when
                )
                last.absorb(detail, detail=True)
                continue
            for instrument, group in clause.groups:
                if CONTINUES.search(piece) and instrument == "other" and drafts:
                    instrument = drafts[-1].instrument
                draft = Draft(group, instrument, clause.status, [told_in], clause.earlier,
                              clause.summary, *when, context=list(context))  # fmt: skip
                same = next((d for d in drafts if d.same_agreement(draft)), None)
                if same:
                    same.absorb(draft)
                else:
                    drafts.append(draft)
    told = [d for d in drafts if not d.summary]
    covered = {code for d in told for code in d.regions}
    drafts = [d for d in drafts if not d.summary or not told or not d.regions <= covered]
    return drafts, event


def _date(draft: Draft, event: tuple, years, published) -> None:
    """A candidate without a date of its own takes the event's (the first signing date of the
    article), then a date in the sentence after it, unless it is an earlier agreement; else
    the publication date, labelled ``reported``."""
    if draft.signed_on is not None:
        return
    inherits = not draft.earlier and draft.status == "signed"
    if inherits and event[0] is not None:
        draft.signed_on, draft.precision, draft.date_text = event
        return
    for sentence in draft.context if inherits else []:
        found = signing_date(sentence, years, published)
        if found[0] is not None:
            draft.signed_on, draft.precision, draft.date_text = found
            return
    if published is not None:
        draft.signed_on, draft.precision, draft.date_text = published, "reported", None
    draft.reasons.append("no signing date in the text")


def _cooperation(drafts: list[Draft], keys: list[str]) -> list[str]:
    """Each candidate's cooperation: the government agreement of the same article whose regions
    hold an organisations' agreement (its layer), else itself."""
    found = []
    for draft, key in zip(drafts, keys, strict=True):
        parent = next(
            (
                k
                for d, k in zip(drafts, keys, strict=True)
                if d is not draft and not d.organisations and len(d.regions) >= 2
                and draft.organisations and draft.regions <= d.regions
            ),
            key,
        )  # fmt: skip
        found.append(parent)
    return found


def read_article(
    path: Path,
    resolver: RegionResolver,
    dictionary: CommodityDictionary,
    root: Path | None = None,
) -> dict[str, ReadResult]:
    source_file = display_path(path, root)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = Path(path).read_text(encoding="cp1252")
    if not text.strip():
        raise ContractError(f"{source_file}: the article is empty")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, body_lines = lines[0], [line for line in lines[1:] if not _page_element(line)]
    published = publication_date(body_lines)
    body = []
    for line in body_lines:  # a dateline is when the article was written, not an event
        told = sentences(line)
        head = DATELINE.match(told[0]) if told else None
        if head and (find_dates(head.group(0)) or head.group(0).split(",")[0].isupper()):
            told[0] = told[0][head.end() :]
        body += told
    gazetteer = Gazetteer(resolver, " ".join([title, *body]))
    years = text_years(" ".join(lines))
    subject = _subject(title, body[0] if body else "", gazetteer)
    drafts, event = _drafts(body, gazetteer, subject, years, published)
    from_headline = not drafts
    if from_headline:
        drafts, event = _drafts([title], gazetteer, None, years, published)
    if not drafts:
        return assemble([], [], [], [], [])  # no agreement reported: no candidate
    keys = [f"{source_file}#{n}" for n in range(1, len(drafts) + 1)]
    days = {d.resolve(years, published) for d in find_dates(" ".join(body))}
    days = {d for d, precision in days if d and precision == "day"}
    sole = (days.pop(), "day", None) if len(days) == 1 else (None, "unknown", None)
    agreements, parties, commodities, rejects = [], [], [], []
    listed_all: list[str] = []
    for draft, key in zip(drafts, keys, strict=True):
        _date(draft, event if event[0] or from_headline else sole, years, published)
        if event[0] is None and not draft.earlier and draft.precision == "day":
            event = (draft.signed_on, draft.precision, draft.date_text)
        if from_headline:
            draft.reasons.append("told only in the headline")
        found = _commodities(draft, title, body, len(drafts) == 1, gazetteer, dictionary)
        listed_all += [c for _, c in found if c not in listed_all]
        commodities += [
            {"agreement_key": key, "source_commodity_name": name, "commodity_code": code,
             "source_file": source_file, "source_row": 1}
            for name, code in found
        ]  # fmt: skip
        for mention in draft.parties:
            if mention.region_code is None and mention.organisation is None:
                rejects.append(
                    {"source_file": source_file, "source_row": 1, "column_name": "party",
                     "value": mention.name,
                     "rule": f"party must resolve to one region: {mention.note}"}
                )  # fmt: skip
                draft.reasons.append(f"party '{mention.name}' did not resolve")
                continue
            if mention.region_code is None:
                draft.reasons.append(f"no home region for '{mention.organisation}'")
            count = sum(1 for p in parties if p["agreement_key"] == key)
            parties.append(
                {"agreement_key": key,
                 "party_role": ("pihak_1", "pihak_2")[count] if count < 2 else "pihak_lain",
                 "party_name": mention.name, "region_code": mention.region_code,
                 "organisation": mention.organisation, "organisation_type": kind_of(mention),
                 "source_file": source_file, "source_row": 1}
            )  # fmt: skip
        agreements.append(_agreement(draft, key, title, found, source_file))
    for row, parent in zip(agreements, _cooperation(drafts, keys), strict=True):
        row["cooperation_key"] = parent
    flows = _flows(drafts, keys, body, listed_all, gazetteer, dictionary, source_file)
    for row in agreements:
        mine = [f["evidence"] for f in flows if f["agreement_key"] == row["agreement_key"]]
        row["quantities_text"] = "; ".join(dict.fromkeys(mine)) or None
    return assemble(agreements, parties, commodities, flows, _unique(rejects))


def _unique(rows: list[dict]) -> list[dict]:
    return list({tuple(r.values()): r for r in rows}.values())


# "pangan" in these is a policy or a name, not the food an agreement is about
NOT_COMMODITY = re.compile(
    r"\b(?:ketahanan|kedaulatan|kemandirian|inflasi|stabilisasi|gerakan|satgas|badan|dinas"
    r"(?: \w+){0,3}) pangan\b|\bpangan (?:murah|nasional|strategis)\b|"
    r"\b(?:peternak\w*|ternak) (?:ayam|sapi)(?: petelur| pedaging| potong)?\b|"
    r"\bayam (?:petelur|pedaging)\b",
    re.I,
)


def _commodities(draft: Draft, title: str, body: list[str], alone: bool, gazetteer, dictionary):
    """The commodities a candidate is about: its headline, evidence and the sentence after it
    (a lone candidate), or its own sentences (one of several), else the headline, else the
    body. Specific commodities are looked for everywhere first: food in general (``pangan``)
    only when none is named. A commodity is narrowed to the variant the body names (``telur``
    in the headline, ``telur ayam ras`` in the body)."""
    own = " ".join(draft.evidence + draft.context)
    scopes = [f"{title}. {own}", " ".join(body)] if alone else [own, title]
    found = [commodities_in(_plain(scope, gazetteer), dictionary) for scope in scopes]
    roots = {"pangan", "pangan_hewani", "non_pangan"}
    chosen = next((f for f in (([c for c in f if c[1] not in roots]) for f in found) if f), None)
    chosen = chosen or next((f for f in found if f), [])
    named = commodities_in(_plain(" ".join(body), gazetteer), dictionary)
    return [(name, _narrowed(name, code, named, dictionary)) for name, code in chosen]


def _narrowed(name: str, code: str, named: list, dictionary: CommodityDictionary) -> str:
    """``telur`` -> ``telur ayam ras`` when the body names that one egg and only it; never
    from a longer name to a shorter one (``daging sapi`` stays, whatever ``sapi`` says)."""
    below = {c for n, c in named if code in dictionary.ancestors(c) and n.startswith(name)}
    return below.pop() if len(below) == 1 else code


def _plain(text: str, gazetteer: Gazetteer) -> str:
    """The text without organisation names and policy phrases, for finding commodities."""
    for mention in sorted(gazetteer.organisations(text), key=lambda m: -m.start):
        text = text[: mention.start] + " " + text[mention.end :]
    return NOT_COMMODITY.sub(" ", text)


def _agreement(draft: Draft, key: str, title: str, found: list, source_file: str) -> dict:
    evidence = " ".join(draft.evidence)
    resolved = len(draft.regions)
    verb = SIGNING.search(evidence)
    confidence = (
        0.3
        + 0.2 * bool(verb and draft.instrument not in ("kad", "other"))
        + 0.2 * (resolved >= 2 or len(draft.organisations) >= 2)
        + 0.15 * (draft.precision in ("day", "month"))
        + 0.15 * bool(found)
    ) * (1.0 if draft.status == "signed" else 0.5)
    if draft.instrument in ("kad", "other") and verb and "kerja" in verb.group(0).lower():
        draft.reasons.append("cooperation told without a signed instrument")
    if draft.summary:
        draft.reasons.append("told only as a summary of several parties")
    instrument_text = re.search(
        r"\b(mou|nota kesepahaman|nota kesepakatan bersama|kesepakatan bersama|pks|"
        r"perjanjian kerja ?sama|b2b|business to business|kerja ?sama antar ?daerah|kad)\b",
        evidence,
        re.I,
    )
    return {
        "agreement_key": key,
        "source": "news",
        "source_agreement_id": None,
        "title": title,
        "instrument": draft.instrument,
        "instrument_text": instrument_text.group(0) if instrument_text else None,
        "status": draft.status,
        "signing_date": draft.signed_on,
        "date_precision": draft.precision,
        "date_text": draft.date_text,
        "scope": None,
        "facilitator": None,
        "document_numbers": None,
        "quantities_text": None,
        "source_urls": None,
        "evidence": evidence,
        "confidence": round(min(confidence, 1.0), 2),
        "uncertainty": "; ".join(dict.fromkeys(draft.reasons)) or None,
        "cooperation_key": key,
        "source_file": source_file,
        "source_row": 1,
    }


def _flows(drafts, keys, body, listed, gazetteer, dictionary, source_file) -> list[dict]:
    """Flows of the article, each with the candidate whose regions hold both its ends (else the
    first candidate between two regions)."""
    primary = next((i for i, d in enumerate(drafts) if len(d.regions) >= 2), 0)
    regions = sorted(drafts[primary].regions, key=lambda c: [m.region_code for m in
                     drafts[primary].parties].index(c))  # fmt: skip
    rows = []
    for flow in flows_in(body, regions, listed, gazetteer, dictionary):
        ends = {flow["origin_region_code"], flow["destination_region_code"]} - {None}
        named = [
            i
            for i, d in enumerate(drafts)
            if any(" ".join(o.split()[1:3]) in flow["evidence"] for o in d.organisations)
        ]
        owner = next(
            (i for i, d in enumerate(drafts) if ends and ends <= d.regions and not d.earlier),
            primary,
        )
        owner = next((i for i in named if not ends or ends <= drafts[i].regions), owner)
        rows.append(
            {"agreement_key": keys[owner], **flow, "flow_date": drafts[owner].signed_on,
             "source_file": source_file, "source_row": 1}
        )  # fmt: skip
    return rows
