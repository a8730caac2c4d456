"""Who a news article names: governments and organisations, each with its region.

The gazetteer is the region master (through the region resolver, so a bare ``Blitar`` is never
guessed) plus what the article itself teaches:

- titles that name a government and its level: ``Pemkot``/``Pemko``/``Pemerintah Kota (Pemkot)``/
  ``Wali Kota``/``Kota Madya`` (kota), ``Pemkab``/``Bupati``/``Kab.`` (kabupaten),
  ``Pemprov``/``Gubernur``/``Provinsi`` (provinsi), ``Pemda``/``TPID`` (any level);
- a bare name the article also writes with a title of one level only (``Koperasi Putera Blitar``
  in an article about ``Kabupaten Blitar``) takes that level; a bare name that resolves to one
  region (``Kulon Progo``, ``Solo``) is a region;
- abbreviations the article defines: ``Kabupaten Muna Barat (Mubar)``, ``Koperasi Berkah Telur
  Blitar (BTB)``;
- organisations by their patterns (Perumda/PUD/PT/BUMD, Koperasi/KUD/KDMP, Gapoktan, Kadin/Kamar
  Dagang dan Industri, UD/CV, Dinas ...), with the region in or after their name as their home
  (``Kadin Surakarta``, ``Perumda Takajaya Kabupaten Paser``, ``KDMP Desa Sumbermanjing Kulon,
  Kecamatan Pagak, Kabupaten Malang``), or the home the seed of known organisations gives.

Places that are not parties are left out: a province written after a kab/kota to locate it
(``Kabupaten Bima, Provinsi Nusa Tenggara Barat``), a Bank Indonesia office, a venue (``di
Kantor Bupati Bima``), and witnesses (``disaksikan Gubernur Jawa Barat``).
"""

import re
from dataclasses import dataclass, replace
from functools import cached_property

from sources.agreements.vocabulary import (
    known_organisation,
    organisation_key,
    organisation_type_of,
)
from sources.common.region_names import parse_region_name
from sources.common.region_resolver import AMBIGUOUS, RESOLVED, RegionResolver

_WORD = r"[A-Z][\w'’-]*\.?"
_NAME = rf"((?:{_WORD}\s?){{1,5}})"
# government titles with the level they imply; ``(Pemkot)`` and ``(Pj)`` may stand inside
_OPT_ABBR = r"(?:\s*\([A-Za-z.]{1,8}\))?"
TITLES = (
    (rf"(?:Pemerintah(?:an)?{_OPT_ABBR} Kota(?: ?Madya)?|Pemkot|Pemko|Kota ?[Mm]adya|"
     rf"(?:Wakil |Pj\.? |Penjabat{_OPT_ABBR} )?Wali ?[Kk]ota|Walkot)", "kota", True),
    (rf"(?:Pemerintah(?:an)?(?: Daerah)?{_OPT_ABBR} Kabupaten|Pemkab|"
     rf"(?:Wakil |Pj\.? |Penjabat{_OPT_ABBR} )?Bupati)", "kabupaten", True),
    (rf"(?:Pemerintah{_OPT_ABBR} Provinsi|Pemprov|(?:Wakil |Pj\.? |Penjabat{_OPT_ABBR} )?Gubernur)",
     "provinsi", True),
    (r"(?:Kabupaten|Kab\.)", "kabupaten", False),
    (r"(?:Provinsi|Prov\.)", "provinsi", False),
    (r"(?:Kota)", "kota", False),
    (rf"(?:Pemerintah Daerah{_OPT_ABBR}|Pemda|TPID)", None, True),
)  # fmt: skip
TITLED = [(re.compile(rf"\b{t}{_OPT_ABBR}\s+{_NAME}"), level, gov) for t, level, gov in TITLES]
# titles that name a person (Bupati X, Gubernur Y): a name after them that is no region is the
# person's, not an unknown party
PERSON_TITLE = re.compile(
    r"^(?:Wakil |Pj\.? |Penjabat\S* )?(?:Bupati|Gubernur|Wali ?[Kk]ota|Walkot)", re.I
)
LEVEL_WORD = re.compile(r"^(?:Kota|Kab\.|Kabupaten|Prov\.|Provinsi)\b")
PAIRED = re.compile(rf"\b(Pemkot|Pemkab|Pemprov)\s+dan\s+(Pemkot|Pemkab|Pemprov)\s+{_NAME}")
PAIRED_LEVELS = {"pemkot": "kota", "pemkab": "kabupaten", "pemprov": "provinsi"}
_ORG_HEAD = (
    r"Perumda|Perusahaa?n Umum Daerah|PUD|PD|PT\.?|UD|CV|[Kk]operasi(?= [A-Z])|Koprasi|KUD|KDMP|"
    r"Gapoktan|Poktan|Kelompok Tani|Kadin|KADIN|Dinas|Paguyuban|Asosiasi|Himpunan|Kelompok Usaha"
)
_ORG_STOP = (r"(?:Kadin|KADIN|Koperasi|Perumda|PUD|PT|Dinas|Pemkot|Pemkab|Pemprov|Pemerintah|"
             r"Bupati|Gubernur|Wali|Walikota|Kepala|Ketua)\b")  # fmt: skip
# the name runs over capitalised words, over "dan" inside it ("Dinas Pertanian dan Ketahanan
# Pangan") but not into the next party ("Kadin Kota Kediri dan Kadin Surakarta")
ORGANISATION = re.compile(
    rf"\b(?P<org>(?:{_ORG_HEAD})(?:\s*\([A-Z]{{2,6}}\))?"
    rf"(?:\s+(?:(?!{_ORG_STOP}){_WORD}|dan(?=\s+(?!{_ORG_STOP})[A-Z]))){{1,8}})"
)
KADIN = re.compile(r"Kamar Dagang dan Industri(?: Indonesia)?\s*(?:\((?:Kadin|KADIN)\))?", re.I)
ABBREVIATION = re.compile(rf"((?:{_WORD}\s?){{1,8}})\s*\((?P<abbr>[A-Z][A-Za-z ]{{1,20}})\)")
# what may stand between an organisation and its home region
HOME_GAP = re.compile(
    r"(?:\s*\([^)]{1,25}\))?(?:\s*,?\s*(?:Desa|Kel\.|Kelurahan|Kec\.|Kecamatan)\s+(?:[A-Z]\w+\s?){1,3},?)*"
    r"\s*,?\s*(?:(?:dari|asal|di|BUMD)\s+)?$"
)
NOT_PARTY_BEFORE = re.compile(
    r"(Bank Indonesia|\bBI\b|Perwakilan|Kantor|Gedung|Hotel|Pendopo|Pendapa|Balai|Rumah Dinas|"
    r"Ruang|Sekretaris Daerah|Sekda|Setda|Asisten|Rektor|Universitas|Kepala Biro)"
    r"(?:\s+[A-Z][\w.]*){0,4}\s*$|\b(?:sejumlah|berbagai|beberapa|para)\s*$"
)
_BARE = re.compile(rf"(?:{_WORD}\s?){{1,3}}")
GOVERNMENT_WORDS = {"pemkot", "pemko", "pemkab", "pemprov", "pemerintah", "pemda", "bupati",
                    "gubernur", "walikota", "wali"}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    name: str
    region_code: str | None
    note: str
    organisation: str | None = None
    start: int = 0
    end: int = 0
    level: str | None = None
    governed: bool = False  # named with a government title (Pemkot, Bupati ...), not a locator

    @property
    def identity(self) -> tuple:
        return (
            self.region_code or self.name,
            self.organisation and organisation_key(self.organisation),
        )


class Gazetteer:
    """The region resolver plus what one article teaches about its names (see module)."""

    def __init__(self, resolver: RegionResolver, text: str):
        self.resolver = resolver
        self.text = KADIN.sub("Kadin", text)
        self.aliases: dict[str, str] = {}
        for match in ABBREVIATION.finditer(self.text):
            self._learn_abbreviation(match)
        for match in ORGANISATION.finditer(self.text):
            name = match["org"].strip(" .,")
            tail = name.split(maxsplit=1)[1] if " " in name else ""
            tail = re.split(r"\s+(?:Kota|Kabupaten|Kab\.|Provinsi|Prov\.)\b", tail)[0]
            if len(tail.split()) >= 2 and not self.resolver.resolve(tail).region_code:
                self.aliases.setdefault(tail, name)

    def _learn_abbreviation(self, match: re.Match) -> None:
        abbreviation = match["abbr"].strip()
        before = match.group(1).strip()
        if abbreviation.lower() in GOVERNMENT_WORDS or abbreviation.lower() in {"pj", "mou"}:
            return
        organisation = list(ORGANISATION.finditer(before))
        if organisation and organisation[-1].end() == len(before):
            self.aliases[abbreviation] = organisation[-1]["org"].strip()
            return
        for pattern, level, _ in TITLED:
            found = [m for m in pattern.finditer(before) if m.end() >= len(before) - 1]
            if found:
                mention = self._titled(found[-1][1], level, 0, 0, False)
                if mention.region_code:
                    self.aliases[abbreviation] = mention.region_code
                return

    @cached_property
    def titled_levels(self) -> dict[str, set[str]]:
        """name key -> levels the article writes it with a title (``Bupati Blitar``)."""
        levels: dict[str, set[str]] = {}
        for pattern, level, _ in TITLED:
            for match in pattern.finditer(self.text):
                if level is None:
                    continue
                words = match[1].split()
                for size in range(len(words), 0, -1):
                    key = parse_region_name(" ".join(words[:size])).key
                    result = self.resolver.resolve(" ".join(words[:size]), levels=[level])
                    if result.status == RESOLVED:
                        levels.setdefault(key, set()).add(level)
                        break
        return levels

    def resolve_bare(self, name: str):
        """A name without title: an alias of the article, the one region it names, or the one
        level the article gives it elsewhere; else the resolver's answer (ambiguous, unknown)."""
        name = name.strip(" .,")
        if name in self.aliases and re.fullmatch(r"\d{2}(\.\d{2})?", self.aliases[name]):
            return self.resolver.resolve_code(self.aliases[name])
        result = self.resolver.resolve(name)
        if result.status == AMBIGUOUS:
            levels = self.titled_levels.get(parse_region_name(name).key, set())
            if len(levels) == 1:
                return self.resolver.resolve(name, levels=list(levels))
        return result

    def _titled(self, name: str, level: str | None, start: int, end: int, gov: bool) -> Mention:
        """The longest leading part of ``name`` that is a region of ``level``
        (``Blitar Syauqul Muhibbin`` -> Blitar); ``Pemda Mubar`` through the article's alias."""
        words = name.strip(" .,").split()
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size]).strip(" .,")
            result = (
                self.resolver.resolve(candidate, levels=[level])
                if level
                else self.resolve_bare(candidate)
            )
            if result.status != RESOLVED and candidate in self.aliases:
                result = self.resolve_bare(candidate)
            if result.status == RESOLVED:
                cut = start + len(candidate) if start == end == 0 else end
                return Mention(candidate, result.region_code, "", None, start, cut, level, gov)
        name = " ".join(words).strip(" .,")
        note = self.resolver.resolve(name, levels=[level] if level else None)
        return Mention(name, None, note.message, None, start, end, level, gov)

    def regions(self, text: str, offset: int = 0) -> list[Mention]:
        """Governments and places named with a title, in the text's order."""
        found = []
        for match in PAIRED.finditer(text):
            for title in (match.group(1), match.group(2)):
                level = PAIRED_LEVELS[title.lower()]
                found.append(
                    replace(self._titled(match.group(3), level, 0, 0, True),
                            start=offset + match.start(), end=offset + match.end())
                )  # fmt: skip
        taken = [range(m.start - offset, m.end - offset) for m in found]
        for pattern, level, gov in TITLED:
            for match in pattern.finditer(text):
                if any(match.start() in span for span in taken):
                    continue
                if re.match(r"(?:dan|serta)\b", match[1], re.I):
                    continue
                if level is None and LEVEL_WORD.match(match[1]):
                    continue  # "TPID Prov. Sumsel": the level title names it
                mention = self._titled(match[1], level, match.start(1), match.end(1), gov)
                if mention.region_code is None and PERSON_TITLE.match(match.group(0)):
                    continue  # "Gubernur Ridwan Kamil": a person, not a party
                end = mention.end if mention.region_code else match.end()
                found.append(replace(mention, start=offset + match.start(), end=offset + end))
                taken.append(range(match.start(), end))
        return sorted(found, key=lambda m: m.start)

    def organisations(self, text: str, offset: int = 0) -> list[Mention]:
        """Organisations with their home region (in the name, just after it, or in the seed)."""
        found = []
        for match in ORGANISATION.finditer(text):
            name, end = match["org"].strip(" .,"), match.end()
            head, _, tail = name.rpartition(" dan ")
            if head and self.resolve_bare(tail).status == RESOLVED:
                name, end = head, match.start() + len(head)  # "Koperasi Bojonegoro dan Sumenep"
            inside = [m for m in self.regions(name) if m.region_code]
            if inside and inside[-1].end < len(name):  # "Dinas ... Kabupaten Muna Barat La Ode Aka"
                end -= len(name) - inside[-1].end
                name = name[: inside[-1].end]
            name = self._alias_of(name)
            home, used = self._home(name, text[end : end + 90])
            found.append(Mention(name, home, "", name, offset + match.start(), offset + end + used))
        for abbreviation, full in self.aliases.items():
            if re.fullmatch(r"\d{2}(\.\d{2})?", full):
                continue
            for match in re.finditer(rf"(?<![\w(]){re.escape(abbreviation)}(?![\w)])", text):
                if any(m.start - offset <= match.start() < m.end - offset for m in found):
                    continue
                home, used = self._home(full, text[match.end() : match.end() + 90])
                found.append(
                    Mention(full, home, "", full, offset + match.start(),
                            offset + match.end() + used)
                )  # fmt: skip
        return sorted(found, key=lambda m: m.start)

    def _alias_of(self, name: str) -> str:
        """``Koperasi BTB`` -> the name the article abbreviated as BTB."""
        if name in self.aliases:
            return self.aliases[name]
        for word in name.split()[1:]:
            full = self.aliases.get(word)
            if full and not re.fullmatch(r"\d{2}(\.\d{2})?", full):
                return full
        return name

    def _home(self, name: str, after: str) -> tuple[str | None, int]:
        """(home region, characters after the name that state it: ``, Kecamatan Pagak,
        Kabupaten Malang``, ``dari Provinsi DKI Jakarta``, ``, BUMD Kabupaten Sumedang``)."""
        used, stated = 0, None
        for mention in self.regions(after):
            if HOME_GAP.match(after[: mention.start]) and mention.region_code:
                used, stated = mention.end, mention.region_code
            break
        known = known_organisation(name)
        if known:
            return known[1], used
        inside = [m for m in self.regions(name) if m.region_code]
        if inside:
            return inside[-1].region_code, used
        if stated:
            return stated, used
        words = [w.strip(".,") for w in name.split()[1:]]
        for size in (3, 2, 1):
            for first in range(len(words) - size, -1, -1):
                result = self.resolve_bare(" ".join(words[first : first + size]))
                if result.status == RESOLVED:
                    return result.region_code, 0
        return None, 0

    def bare(self, text: str, offset: int = 0) -> list[Mention]:
        """Regions named without a title where a party stands: right after ``dengan``, ``dan``,
        ``bersama``, ``antara``, ``serta``, ``perwakilan`` or a hyphen (``Kediri-Blitar``)."""
        found = []
        for match in re.finditer(
            r"(?:\b(?:dengan|dan|bersama|antara|serta|perwakilan|rombongan|delegasi)\s+|-)", text
        ):
            span = _BARE.match(text, match.end())
            if not span:
                continue
            words = span.group(0).split()
            for size in range(len(words), 0, -1):
                name = " ".join(words[:size]).strip(" .,")
                if name.split()[0].lower() in GOVERNMENT_WORDS:
                    break
                result = self.resolve_bare(name)
                if result.status == RESOLVED or (result.status == AMBIGUOUS and size == 1):
                    start = offset + match.end()
                    found.append(Mention(name, result.region_code,
                                         "" if result.region_code else result.message,
                                         None, start, start + len(name)))  # fmt: skip
                    break
        return found

    def parties(self, text: str, offset: int = 0) -> list[Mention]:
        """Organisations, then governments and places outside them, then bare names outside
        both; locators, Bank Indonesia offices, venues and duplicates left out."""
        text = KADIN.sub("Kadin", text)
        organisations = self.organisations(text, offset)
        inside = [range(m.start, m.end + 1) for m in organisations]
        others = [m for m in self.regions(text, offset) if not _within(m, inside)]
        spans = inside + [range(m.start, m.end + 1) for m in others]
        bare = [m for m in self.bare(text, offset) if not _within(m, spans)]
        found = sorted(organisations + others + bare, key=lambda m: m.start)
        kept: list[Mention] = []
        for mention in found:
            before = text[: mention.start - offset]
            if NOT_PARTY_BEFORE.search(before):
                continue
            if kept and self._locates(
                kept[-1], mention, text[kept[-1].end - offset : mention.start - offset]
            ):
                continue
            kept.append(mention)
        return kept

    def _locates(self, previous: Mention, mention: Mention, gap: str) -> bool:
        """``Kabupaten Bima, Provinsi NTB``: a province (or region) after a place inside it."""
        if mention.governed or mention.organisation or not mention.region_code:
            return False
        if re.search(r"\b(dan|dengan|serta|bersama|antara)\b", gap) or len(gap) > 16:
            return False
        if not re.fullmatch(r"[\s,(]*", re.sub(r"\([^)]{1,12}\)", "", gap)):
            return False
        inner = previous.region_code or ""
        return (
            bool(inner)
            and inner != mention.region_code
            and inner.startswith(mention.region_code + ".")
        )


def _within(mention: Mention, spans: list[range]) -> bool:
    return any(mention.start in span for span in spans)


def kind_of(mention: Mention) -> str:
    if not mention.organisation:
        return "pemda"
    known = known_organisation(mention.organisation)
    return known[0] if known else organisation_type_of(mention.organisation)
