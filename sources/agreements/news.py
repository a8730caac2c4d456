"""Candidate agreements from Indonesian news articles, by rules (no network, no hosted model).

An article (a plain-text file, title first) yields at most one candidate: the first sentence where
an instrument (MoU / nota kesepahaman, kesepakatan bersama, PKS, B2B, kerja sama antar daerah) is
signed (``menandatangani``, ``penandatanganan``, ``meneken`` ...). A sentence that only plans or
explores (``akan``, ``rencana``, ``menjajaki``) gives a candidate labelled ``planned`` or
``exploratory``; an article about a meeting or a visit with no instrument gives none.

Around that sentence the extractor reads:
- parties: regions named with a title (``Pemkot Blitar``, ``Pemkab``, ``Pemprov``, ``Wali Kota X``,
  ``Bupati Y``, ``Gubernur``, ``Kabupaten Z``) resolved by the region resolver with the title's
  level, so a bare ``Blitar`` is never guessed; organisations (Perumda, PT, koperasi, Gapoktan,
  Kadin) with their home region where the seed knows it;
- the date: ``Selasa (17/6/2025)``, ``Jumat, 29 Agustus 2025``, ``Senin (13/12)`` with the year of
  the article's own dateline, and its precision;
- commodities from the dictionary and quantities (``satu ton telur``, ``ribuan ton``) with a flow
  type (delivered, committed) and, where the sentence says ``dari X ke Y`` or ``X mengirim ... ke
  Y``, a direction.
Every candidate keeps its evidence sentence and a confidence, and stays a news record: linking it
to a register record or another article is done in the warehouse, not here.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sources.agreements.quantities import find_quantities, find_rupiah
from sources.agreements.register import assemble
from sources.agreements.vocabulary import (
    commodities_in,
    flow_type_of,
    instrument_of,
    known_organisations,
    organisation_type_of,
)
from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.contract import ContractError, ReadResult
from sources.common.dates import month_number
from sources.common.paths import display_path
from sources.common.region_resolver import RESOLVED, RegionResolver

SIGNING = re.compile(
    r"\b(menandatangani|penandatanganan|ditandatangani|bertanda ?tangan|meneken|diteken|teken|"
    r"menyepakati|disepakati|signed)\b",
    re.I,
)
INSTRUMENT = re.compile(
    r"\b(mou|memorandum of understanding|nota kesepahaman|kesepakatan bersama|pks|"
    r"perjanjian kerja ?sama|b2b|business[ -]to[ -]business|kerja ?sama antar ?daerah)\b",
    re.I,
)
PLANNED = re.compile(r"\b(akan|rencana|direncanakan|dijadwalkan|bakal|segera)\b", re.I)
EXPLORING = re.compile(r"\b(menjajaki|penjajakan|menjajakan)\b", re.I)

_NAME = r"((?:[A-Z][\w'’-]*\.?\s?){1,5})"
# titles that name a region, with the level they imply
TITLES = (
    (
        r"(?:Pemerintah Kota|Pemkot|Wakil Wali ?[Kk]ota|Pj\.? Wali ?[Kk]ota|Wali ?[Kk]ota|Walkot)",
        "kota",
    ),
    (
        r"(?:Pemerintah Kabupaten|Pemkab|Wakil Bupati|Pj\.? Bupati|Bupati|Kabupaten|Kab\.)",
        "kabupaten",
    ),
    (
        r"(?:Pemerintah Provinsi|Pemprov|Wakil Gubernur|Pj\.? Gubernur|Gubernur|Provinsi|Prov\.)",
        "provinsi",
    ),
    (r"(?:Kota)", "kota"),
    (r"(?:Pemerintah Daerah|Pemda)", None),  # any level: a bare name must be unambiguous
)
TITLED = [(re.compile(rf"\b{title}\s+{_NAME}"), level) for title, level in TITLES]
# "Pemkot dan Pemkab Blitar": one name, two governments
PAIRED = re.compile(rf"\b(Pemkot|Pemkab|Pemprov)\s+dan\s+(Pemkot|Pemkab|Pemprov)\s+{_NAME}")
PAIRED_LEVELS = {"pemkot": "kota", "pemkab": "kabupaten", "pemprov": "provinsi"}
ORGANISATION = re.compile(
    rf"\b((?:Perumda|Perusahaan Umum Daerah|PD|PT|BUMD|Koperasi|KUD|Gapoktan|Poktan|Kadin)"
    rf"\s+{_NAME})"
)
ABBREVIATIONS = ("Kab.", "Kec.", "Kel.", "No.", "Rp.", "Prov.", "Pj.", "Dr.", "Ir.", "H.", "Hj.")

_MONTHS = (
    r"Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    r"November|Nopember|Desember"
)
FULL_NUMERIC = re.compile(r"\((\d{1,2})/(\d{1,2})/(\d{2,4})\)")
SHORT_NUMERIC = re.compile(r"\((\d{1,2})/(\d{1,2})\)")
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})\b", re.I)
MONTH_YEAR = re.compile(rf"\b({_MONTHS})\s+(\d{{4}})\b", re.I)
DIRECTION = re.compile(
    r"\bdari\s+(?P<origin>[A-Z][\w .'-]+?)\s+(?:ke|untuk)\s+(?P<destination>[A-Z][\w .'-]+?)"
    r"(?:[,.;]|\s+(?:sebanyak|berupa|yang|melalui|lewat|dengan|pada|setiap|per|untuk)\b|$)"
)
DATELINE = re.compile(r"^[A-Za-z][\w .,()/]*?\s[-–—]\s")  # "KEDIRI, 14 Oktober 2025 - "
KADIN = re.compile(r"Kamar Dagang dan Industri\s*(?:\(Kadin\))?", re.I)
# "Koperasi Peternak Blitar Mandiri dari Kabupaten Blitar": the organisation's home region
HOME = re.compile(rf"\s+(?:dari|asal)\s+(?:{'|'.join(title for title, _ in TITLES)})\s+{_NAME}")
# a supply verb: the region before it sends, the place after ``ke`` receives
SUPPLY = re.compile(
    r"\b(memasok|mengirim|mengirimkan|menyuplai|menyiapkan|menyalurkan|menjual)\b", re.I
)
TO_PLACE = re.compile(r"\bke\s+((?:[A-Z][\w.'’-]*\s?){1,4})")
CLAUSES = re.compile(r",?\s+(?:sementara|sedangkan)\s+|;\s*")


@dataclass(frozen=True)
class Mention:
    name: str
    region_code: str | None
    note: str
    organisation: str | None = None
    start: int = 0  # where in the text, so parties keep the article's order


def sentences(text: str) -> list[str]:
    """Split on sentence ends, but not after ``Kab.`` or a single initial."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", " ".join(text.split()))
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].endswith(ABBREVIATIONS):
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged


def article_date(text: str) -> date | None:
    """The dateline: the first complete date the article gives."""
    for pattern, order in ((DAY_MONTH_YEAR, "dmy_name"), (FULL_NUMERIC, "dmy")):
        for match in pattern.finditer(text):
            found = _to_date(match, order)
            if found:
                return found
    return None


def _to_date(match: re.Match, order: str, year: int | None = None) -> date | None:
    try:
        if order == "dmy_name":
            return date(int(match.group(3)), month_number(match.group(2)), int(match.group(1)))
        if order == "dmy":
            y = int(match.group(3))
            return date(y + 2000 if y < 100 else y, int(match.group(2)), int(match.group(1)))
        if order == "dm" and year:
            return date(year, int(match.group(2)), int(match.group(1)))
    except (TypeError, ValueError):
        return None
    return None


def signing_date(window: str, dateline: date | None) -> tuple[date | None, str, str | None]:
    """(date, precision, text) from the sentences around the signing (the event dates news
    writes in parentheses first), else the dateline, labelled ``reported``."""
    for pattern, order in ((FULL_NUMERIC, "dmy"), (DAY_MONTH_YEAR, "dmy_name")):
        match = pattern.search(window)
        if match and _to_date(match, order):
            return _to_date(match, order), "day", match.group(0)
    match = SHORT_NUMERIC.search(window)
    if match and dateline and _to_date(match, "dm", dateline.year):
        return _to_date(match, "dm", dateline.year), "day", match.group(0)
    match = MONTH_YEAR.search(window)
    if match:
        return date(int(match.group(2)), month_number(match.group(1)), 1), "month", match.group(0)
    if dateline:
        return dateline, "reported", None  # the article's date, not necessarily the signing
    return None, "unknown", None


def _resolve_titled(name: str, level: str | None, resolver: RegionResolver, start: int) -> Mention:
    """The longest leading part of ``name`` that is a region of ``level``
    (``Blitar Syauqul Muhibbin`` -> Blitar)."""
    name = name.strip(" .,")
    words = name.split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        result = resolver.resolve(candidate, levels=[level] if level else None)
        if result.status == RESOLVED:
            return Mention(candidate, result.region_code, "", start=start)
    levels = [level] if level else None
    return Mention(name, None, resolver.resolve(name, levels=levels).message, start=start)


def region_mentions(text: str, resolver: RegionResolver) -> list[Mention]:
    """Governments named with a title, in the order the text names them."""
    mentions = []
    for match in PAIRED.finditer(text):
        for title in (match.group(1), match.group(2)):
            level = PAIRED_LEVELS[title.lower()]
            mentions.append(_resolve_titled(match.group(3), level, resolver, match.start()))
    for pattern, level in TITLED:
        for match in pattern.finditer(text):
            name = match.group(1)
            if re.match(r"(?:dan|serta)\b", name, re.I):
                continue
            mentions.append(_resolve_titled(name, level, resolver, match.start()))
    return sorted(mentions, key=lambda m: m.start)


def party_mentions(text: str, resolver: RegionResolver) -> list[Mention]:
    """Organisations (with the region named inside or after them: ``Kadin Kota Kediri``,
    ``Koperasi ... dari Kabupaten Blitar``, or known to the seed) and the governments named in
    the rest of the text, in the text's order. A region inside an organisation's name is the
    organisation's home, not a second party."""
    text = KADIN.sub("Kadin", text)
    organisations, rest = [], text
    for match in ORGANISATION.finditer(text):
        organisation = match.group(1).strip(" .,")
        end = match.start(1) + len(match.group(1).rstrip(" .,"))
        known = known_organisations().get(commodity_key(organisation))
        found = region_mentions(organisation, resolver)
        home = HOME.match(text, end)
        if home:
            found, end = region_mentions(home.group(0), resolver) + found, home.end()
        region = known[1] if known else next((m.region_code for m in found if m.region_code), None)
        organisations.append(Mention(organisation, region, "", organisation, match.start()))
        rest = rest[: match.start()] + " " * (end - match.start()) + rest[end:]
    return sorted(region_mentions(rest, resolver) + organisations, key=lambda m: m.start)


def _place(text: str, resolver: RegionResolver) -> str | None:
    """The region a fragment names: a titled region, an organisation's home, or a bare name
    that resolves to exactly one region (``Jakarta``, not ``Blitar``)."""
    found = party_mentions(text, resolver)
    if any(m.region_code for m in found):
        return next(m.region_code for m in found if m.region_code)
    result = resolver.resolve(text.strip(" .,"))
    return result.region_code if result.status == RESOLVED else None


def _direction(
    clause: str, party_regions: list[str], resolver: RegionResolver
) -> tuple[str | None, str | None]:
    """(origin, destination): ``dari X ke Y``; else the region before a supply verb sends and
    the place after ``ke`` receives, or, between two parties, the other party."""
    match = DIRECTION.search(clause)
    if match:
        return _place(match.group("origin"), resolver), _place(match.group("destination"), resolver)
    verb = SUPPLY.search(clause)
    if not verb:
        return None, None
    senders = [m.region_code for m in party_mentions(clause[: verb.start()], resolver)]
    origin = next((code for code in reversed(senders) if code), None)
    to = TO_PLACE.search(clause, verb.end())
    destination = _place(to.group(1), resolver) if to else None
    others = set(party_regions) - {origin}
    if destination is None and origin in party_regions and len(others) == 1:
        destination = others.pop()
    return origin, destination


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
    title, body = lines[0], " ".join(lines[1:])
    all_sentences = sentences(body)
    if all_sentences:  # the dateline is when the article was written, not an event
        all_sentences[0] = DATELINE.sub("", all_sentences[0])
    hit = next(
        (
            i
            for i, s in enumerate(all_sentences)
            if INSTRUMENT.search(s) and (SIGNING.search(s) or EXPLORING.search(s))
        ),
        None,
    )
    if hit is None:
        return assemble([], [], [], [], [])  # no agreement reported: no candidate
    evidence = all_sentences[hit]
    window = " ".join(all_sentences[max(0, hit - 1) : hit + 2])
    dateline = article_date(text)
    signed_on, precision, date_text = signing_date(window, dateline)
    status = (
        "exploratory"
        if EXPLORING.search(evidence)
        else "planned"
        if PLANNED.search(evidence)
        else "signed"
    )
    key = f"{source_file}#1"
    for scope in (evidence, window, body):  # the signing sentence names the parties, usually
        mentions = party_mentions(scope, resolver)
        if sum(1 for m in mentions if m.region_code) >= 2:
            break
    parties, rejects, seen = [], [], set()
    for mention in mentions:
        identity = (mention.region_code or mention.name, mention.organisation)
        if identity in seen:
            continue
        seen.add(identity)
        if mention.region_code is None and mention.organisation is None:
            rejects.append(
                {
                    "source_file": source_file,
                    "source_row": 1,
                    "column_name": "party",
                    "value": mention.name,
                    "rule": f"party must resolve to one region: {mention.note}",
                }
            )
            continue
        role = "pihak_1" if not parties else "pihak_2" if len(parties) == 1 else "pihak_lain"
        kind = (
            (
                known_organisations().get(commodity_key(mention.organisation), ("",))[0]
                or organisation_type_of(mention.organisation)
            )
            if mention.organisation
            else "pemda"
        )
        parties.append(
            {
                "agreement_key": key,
                "party_role": role,
                "party_name": mention.name,
                "region_code": mention.region_code,
                "organisation": mention.organisation,
                "organisation_type": kind,
                "source_file": source_file,
                "source_row": 1,
            }
        )
    found_commodities = (
        commodities_in(f"{title}. {evidence}", dictionary)
        or commodities_in(window, dictionary)
        or commodities_in(body, dictionary)
    )
    commodities = [
        {
            "agreement_key": key,
            "source_commodity_name": name,
            "commodity_code": code,
            "source_file": source_file,
            "source_row": 1,
        }
        for name, code in found_commodities
    ]
    flows = []
    party_regions = list(dict.fromkeys(p["region_code"] for p in parties if p["region_code"]))
    clauses = [(c, s) for s in all_sentences for c in CLAUSES.split(s)]
    for clause, sentence in clauses:
        kind = flow_type_of(clause) or flow_type_of(sentence)
        if not kind:
            continue
        origin, destination = _direction(clause, party_regions, resolver)
        quantities, values = find_quantities(clause), find_rupiah(clause)
        for quantity in quantities:
            named = commodities_in(quantity.what, dictionary)
            listed = [c for _, c in found_commodities]
            code = (
                dictionary.narrowest(named[0][1], listed)
                if named
                else (listed[0] if len(listed) == 1 else None)
            )
            flows.append(
                {
                    "agreement_key": key,
                    "origin_region_code": origin,
                    "destination_region_code": destination,
                    "commodity_code": code,
                    "quantity": quantity.amount,
                    "unit": quantity.unit,
                    "is_approximate": quantity.approximate,
                    # a value belongs to a quantity only when the clause has one of each
                    "value_idr": values[0] if len(quantities) == len(values) == 1 else None,
                    "flow_type": kind,
                    "flow_date": signed_on,
                    "evidence": sentence,
                    "source_file": source_file,
                    "source_row": 1,
                }
            )
    resolved = sum(1 for p in parties if p["region_code"])
    confidence = (
        0.3
        + 0.2 * bool(SIGNING.search(evidence) and INSTRUMENT.search(evidence))
        + 0.2 * (resolved >= 2)
        + 0.15 * (precision in ("day", "month"))
        + 0.15 * bool(commodities)
    ) * (1.0 if status == "signed" else 0.5)
    agreement = {
        "agreement_key": key,
        "source": "news",
        "source_agreement_id": None,
        "title": title,
        "instrument": instrument_of(evidence),
        "instrument_text": INSTRUMENT.search(evidence).group(0)
        if INSTRUMENT.search(evidence)
        else None,
        "status": status,
        "signing_date": signed_on,
        "date_precision": precision,
        "date_text": date_text,
        "scope": None,
        "facilitator": None,
        "document_numbers": None,
        "quantities_text": "; ".join(f["evidence"] for f in flows) or None,
        "source_urls": None,
        "evidence": evidence,
        "confidence": round(min(confidence, 1.0), 2),
        "source_file": source_file,
        "source_row": 1,
    }
    return assemble([agreement], parties, commodities, flows, rejects)
