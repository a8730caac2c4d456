"""Flows of goods that articles tell: what was delivered and what was committed, and where to.

A clause with a quantity (``satu ton telur``, ``30 ton``, ``ribuan ton``) is a flow when it says
something was sent (``telah mengirimkan``, ``distribusi perdana``, ``menyuplai``: delivered) or
promised (``akan memasok``, ``siap``, ``kita sepakati agar ... disuplai dari Blitar``:
committed); a need or a production figure is not a flow. A commitment that only points at a need
told just before (``ribuan ton telur ... kita sepakati agar sebagian besar kebutuhan ini dapat
disuplai dari Blitar``) commits that need's quantity, approximately.

The direction: ``dari X ke Y``; the party before a supply verb sends and the place after ``ke``
receives; a passive ``disuplai dari X`` sends from X; a buyer (``meminta``, ``membeli``,
``memesan``, ``menerima``) receives; and between two parties, the one not named is the other end.
"""

import re

from sources.agreements.news_parties import Gazetteer
from sources.agreements.quantities import Quantity, find_quantities, find_rupiah
from sources.agreements.vocabulary import commodities_in, flow_type_of
from sources.common.commodities import CommodityDictionary

DIRECTION = re.compile(
    r"\bdari\s+(?P<origin>[A-Z][\w .'-]+?)\s+(?:ke|untuk)\s+(?P<destination>[A-Z][\w .'-]+?)"
    r"(?:[,.;]|\s+(?:sebanyak|berupa|yang|melalui|lewat|dengan|pada|setiap|per|untuk)\b|$)"
)
SUPPLY = re.compile(
    r"\b(memasok|mengirim|mengirimkan|menyuplai|menyiapkan|menyalurkan|menjual)\b", re.I
)
SUPPLIED_FROM = re.compile(r"\b(?:disuplai|dipasok|dikirim|didatangkan)\s+dari\s+", re.I)
BUYS = re.compile(r"\b(meminta|membeli|memesan|menerima|menyerap)\b", re.I)
TO_PLACE = re.compile(r"\bke\s+((?:[A-Z][\w.'’-]*\s?){1,4})")
CLAUSES = re.compile(r",?\s+(?:sementara|sedangkan)\s+|;\s*")
NEED = re.compile(r"\bkebutuhan", re.I)
POINTS_AT_NEED = re.compile(r"\bkebutuhan (?:ini|tersebut)\b", re.I)
APPROXIMATE = re.compile(r"\b(sekitar|kurang lebih|hampir|kira-kira|lebih dari|sebagian besar)\b",
                         re.I)  # fmt: skip
PACKED = re.compile(r"^\s*sebanyak\b", re.I)  # "beras 50 kilogram sebanyak 30 ton": 50 kg a bag


def _place(text: str, gazetteer: Gazetteer) -> str | None:
    found = [m for m in gazetteer.parties(text) if m.region_code]
    if found:
        return found[0].region_code
    result = gazetteer.resolve_bare(text.strip(" .,"))
    return result.region_code if result.region_code else None


def direction(
    clause: str, party_regions: list[str], gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """(origin, destination) of a flow clause (see module)."""
    match = DIRECTION.search(clause)
    if match:
        return _place(match["origin"], gazetteer), _place(match["destination"], gazetteer)
    origin = destination = None
    passive = SUPPLIED_FROM.search(clause)
    verb = SUPPLY.search(clause)
    buyer = BUYS.search(clause)
    if passive:
        origin = _place(clause[passive.end() :].split(",")[0], gazetteer)
    elif verb:
        senders = [m.region_code for m in gazetteer.parties(clause[: verb.start()])]
        origin = next((code for code in reversed(senders) if code), None)
        to = TO_PLACE.search(clause, verb.end())
        destination = _place(to.group(1), gazetteer) if to else None
    elif buyer:
        buyers = [m.region_code for m in gazetteer.parties(clause[: buyer.start()])]
        destination = next((code for code in reversed(buyers) if code), None)
    if origin is None and destination is None:
        to = TO_PLACE.search(clause)
        destination = _place(to.group(1), gazetteer) if to else None
    others = [code for code in party_regions if code not in (origin, destination)]
    if destination is None and origin in party_regions and len(others) == 1:
        destination = others[0]
    if origin is None and destination in party_regions and len(others) == 1:
        origin = others[0]
    return origin, destination


def _quantities(clause: str) -> list[Quantity]:
    kept = []
    for quantity in find_quantities(clause):
        after = clause[clause.find(quantity.text) + len(quantity.text) :]
        if PACKED.match(after) or quantity.what.startswith("sebanyak"):
            continue
        if APPROXIMATE.search(clause[: clause.find(quantity.text)][-25:]):
            quantity = Quantity(quantity.amount, quantity.unit, True, quantity.text, quantity.what)
        kept.append(quantity)
    return kept


def flows_in(
    sentences: list[str],
    party_regions: list[str],
    listed: list[str],
    gazetteer: Gazetteer,
    dictionary: CommodityDictionary,
) -> list[dict]:
    """Flow rows (without key and lineage) of every clause of ``sentences``."""
    flows, seen = [], set()
    for index, sentence in enumerate(sentences):
        for clause in CLAUSES.split(sentence):
            kind = flow_type_of(clause) or flow_type_of(sentence)
            if not kind:
                continue
            quantities, values = _quantities(clause), find_rupiah(clause)
            supplied = SUPPLY.search(clause) or SUPPLIED_FROM.search(clause)
            if NEED.search(clause) and not supplied and kind != "delivered":
                continue  # a need, told as a figure
            if not quantities and POINTS_AT_NEED.search(clause) and index:
                needs = [
                    q
                    for q in _quantities(sentences[index - 1])
                    if NEED.search(sentences[index - 1])
                ]
                quantities = [Quantity(q.amount, q.unit, True, q.text, q.what) for q in needs[:1]]
            origin, destination = direction(clause, party_regions, gazetteer)
            in_clause = [c for _, c in commodities_in(clause, dictionary)]
            for quantity in quantities:
                named = commodities_in(quantity.what, dictionary)
                code = (
                    dictionary.narrowest(named[0][1], listed)
                    if named
                    else dictionary.narrowest(in_clause[0], listed)
                    if len(in_clause) == 1
                    else (listed[0] if len(listed) == 1 else None)
                )
                row = {
                    "origin_region_code": origin,
                    "destination_region_code": destination,
                    "commodity_code": code,
                    "quantity": quantity.amount,
                    "unit": quantity.unit,
                    "is_approximate": quantity.approximate,
                    # a value belongs to a quantity only when the clause has one of each
                    "value_idr": values[0] if len(quantities) == len(values) == 1 else None,
                    "flow_type": kind,
                    "evidence": sentence,
                }
                identity = (kind, origin, destination, code, quantity.amount, quantity.unit)
                if identity not in seen:
                    seen.add(identity)
                    flows.append(row)
    # the same quantity told again without its direction adds nothing
    directed = {(f["flow_type"], f["commodity_code"], f["quantity"]) for f in flows
                if f["origin_region_code"] or f["destination_region_code"]}  # fmt: skip
    return [f for f in flows if f["origin_region_code"] or f["destination_region_code"]
            or (f["flow_type"], f["commodity_code"], f["quantity"]) not in directed]  # fmt: skip
