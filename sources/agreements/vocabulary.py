"""The words agreements are told in: instruments, organisations, deliveries and commitments,
commodities. Shared by the register reader and the news extractor, so both classify alike."""

import re
from functools import cache

import polars as pl

from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.paths import SEEDS_DIR

ORGANISATIONS_SEED = SEEDS_DIR / "organisations.csv"

# Instrument patterns, in the order they are tried; the first match names the instrument.
INSTRUMENTS = (
    ("exploratory", re.compile(r"\b(penjajakan|menjajaki|exploratory)\b", re.I)),
    ("mou", re.compile(r"\b(mou|memorandum of understanding|nota kesepahaman)\b", re.I)),
    ("kesepakatan_bersama", re.compile(r"\bkesepakatan bersama\b", re.I)),
    ("pks", re.compile(r"\b(pks|perjanjian kerja ?sama|perjanjian)\b", re.I)),
    ("b2b", re.compile(r"\b(b2b|b to b|business[ -]to[ -]business)\b", re.I)),
    ("kad", re.compile(r"\b(kad|kerja ?sama antar ?daerah|kerja ?sama)\b", re.I)),
)
ORGANISATION_TYPES = (
    ("bumd", re.compile(r"\b(perumda|perusahaan umum daerah|pd|pt|bumd)\b", re.I)),
    ("koperasi", re.compile(r"\b(koperasi|kud)\b", re.I)),
    ("kelompok_tani", re.compile(r"\b(gapoktan|poktan|kelompok tani)\b", re.I)),
    ("kadin", re.compile(r"\bkadin\b", re.I)),
    ("dinas", re.compile(r"\b(dinas|dispangtan|dkpp|disperindag)\b", re.I)),
    ("umkm", re.compile(r"\b(paguyuban|asosiasi|himpunan|kelompok usaha|umkm)\b", re.I)),
    (
        "pemda",
        re.compile(r"\b(pemkab|pemkot|pemprov|pemerintah|bupati|wali ?kota|gubernur)\b", re.I),
    ),
)
DELIVERED = re.compile(
    r"\b(dikirim|mengirim|mengirimkan|pengiriman|terkirim|dipasok|memasok|menyuplai|shipment|sent|"
    r"delivered|telah (?:dikirim|disalurkan)|distribusi perdana|melepas)\b",
    re.I,
)
COMMITTED = re.compile(
    r"\b(akan|siap|komitmen|berkomitmen|kesanggupan|target|kontrak|kuota|potensi|potential|"
    r"sepakat|sepakati|disepakati|commit\w*)\b",
    re.I,
)


def instrument_of(text: str | None) -> str:
    for code, pattern in INSTRUMENTS:
        if text and pattern.search(text):
            return code
    return "other"


def organisation_type_of(text: str) -> str:
    for kind, pattern in ORGANISATION_TYPES:
        if pattern.search(text):
            return kind
    return "other"


def flow_type_of(clause: str) -> str | None:
    """committed (promised, planned, potential: ``akan memasok``), delivered (something was
    sent: ``telah mengirim``) or None (a need or a production figure is not a flow)."""
    if COMMITTED.search(clause):
        return "committed"
    if DELIVERED.search(clause):
        return "delivered"
    return None


def organisation_key(name: str) -> str:
    """An organisation's name compared without case, punctuation, ``PT`` or the level words
    news adds (``PT. Food Station Tjipinang`` ~ ``PT Food Station Tjipinang Jaya``)."""
    words = re.sub(r"[^a-z0-9 ]+", " ", name.casefold().replace("kab.", "kabupaten")).split()
    return " ".join(w for w in words if w not in {"pt", "kab", "kabupaten", "kota", "provinsi"})


def same_organisation(a: str, b: str) -> bool:
    """One name is the other, shortened or lengthened (containment of the keys)."""
    a, b = organisation_key(a), organisation_key(b)
    return bool(a and b) and (a in b or b in a)


def known_organisation(name: str) -> tuple[str, str] | None:
    """(type, home region) of a seed organisation the name denotes, else None."""
    exact = known_organisations().get(commodity_key(name))
    if exact:
        return exact
    return next((v for k, v in known_organisations().items() if same_organisation(k, name)), None)


@cache
def known_organisations() -> dict[str, tuple[str, str]]:
    """Organisations whose home region is known (seed organisations.csv): key -> (type, region)."""
    seed = pl.read_csv(ORGANISATIONS_SEED, infer_schema=False)
    return {
        commodity_key(name): (kind, region)
        for name, kind, region in seed.select(
            "organisation", "organisation_type", "region_code"
        ).rows()
    }


def commodities_in(text: str, dictionary: CommodityDictionary) -> list[tuple[str, str]]:
    """(spelling, code) of every agreement commodity named in ``text``, longest names first so
    that ``daging sapi`` is not also read as ``sapi``."""
    lowered = commodity_key(text)
    spellings = sorted(
        (name for source, name in dictionary.spellings if source == "agreements"),
        key=len,
        reverse=True,
    )
    found, taken = [], []
    for name in spellings:
        # "batiknya", "tenun ikatnya": the possessive suffix is still the commodity
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?:nya)?(?!\w)", lowered):
            span = range(match.start(), match.end())
            if any(set(span) & set(t) for t in taken):
                continue
            taken.append(span)
            found.append((name, dictionary.lookup("agreements", name)))
    unique = dict(found)
    # "telur" next to "telur ayam ras", or "pangan" next to anything, adds nothing
    broader = {a for c in unique.values() for a in dictionary.ancestors(c)}
    by_code: dict[str, str] = {}
    for name, code in unique.items():
        if code not in broader:
            by_code.setdefault(code, name)
    return [(name, code) for code, name in by_code.items()]
