"""Agreements in sentences and clauses: where one is signed, planned or explored, and between whom.

A clause reports an agreement when it names an instrument (MoU, nota kesepahaman, kesepakatan
bersama, PKS, perjanjian, B2B, KAD, kerja sama) and a signing (``menandatangani``,
``penandatanganan``, ``ditandatanganinya``, ``meneken``, ``menyepakati``, ``menjalin kerja
sama`` ...), a plan (``akan``/``dijadwalkan`` before the verb, ``siap kerja sama``) or an
exploration (``menjajaki``). One sentence may hold several: a sentence is cut into clauses where a
second signing starts (``..., Kamis (7/12) Kepala Dinas ... melakukan penandatanganan PKS``),
and each ``antara A dengan B`` of an enumeration (``yakni MoU antara A dengan B; PKS antara C
dengan D; serta PKS antara E dengan F``) is an agreement of its own.

Without ``antara``, the parties before the verb sign with those after it: one subject and a list
(``Pemkot Probolinggo menandatangani MoU bersama Kabupaten Pasuruan dan Kabupaten Blitar``) are
one agreement per listed party; a passive whose subject is missing (``... ditandatanganinya MoU
bersama Kabupaten X dan Kabupaten Y``) takes the government the headline or the lead names. A
clause that points back (``Kerja sama tersebut ditandai dengan penandatanganan MoU ...``) adds its
instrument and date to the agreement before it instead of making a new one. A clause of two
governments on each side (``Palembang dan Sumsel ... dengan Bima dan Nganjuk``) is a summary: it
stands only when no other clause tells its agreements.
"""

import re
from dataclasses import dataclass

from sources.agreements.news_parties import Gazetteer, Mention
from sources.agreements.vocabulary import instrument_of

SIGNING = re.compile(
    r"\b(menandatangani|penandatanganan|penandatangan|ditandatangani|ditandatanganinya|"
    r"tandatangani|bertanda ?tangan|meneken|diteken|teken|menyepakati|disepakati|sepakati|"
    r"menjalin (?:kerja ?sama|kerjasama|kemitraan)|jalin (?:kerja ?sama|kerjasama)|"
    r"melakukan (?:kerja ?sama|kerjasama|perjanjian)|siap (?:ber)?kerja ?sama|signed|"
    r"menjajaki|penjajakan|jajaki)\b",
    re.I,
)
INSTRUMENT = re.compile(
    r"\b(mou|memorandum of understanding|nota kesepahaman|nota kesepakatan|kesepakatan bersama|"
    r"kesepakatan|pks|perjanjian|b2b|b to b|business[ -]to[ -]business|kad|kerja ?sama|"
    r"kerjasama|kemitraan)\b",
    re.I,
)
PLANNED = re.compile(r"\b(akan|rencana|berencana|direncanakan|dijadwalkan|bakal|siap)\b", re.I)
EXPLORING = re.compile(r"\b(menjajaki|penjajakan|jajaki)\b", re.I)
# "Kerja sama tersebut ...", "PKS ini ...": the clause tells more of the agreement before it
POINTS_BACK = re.compile(
    r"\b(?:mou|pks|kerja ?sama|kerjasama|kesepakatan|perjanjian|nota kesepahaman|kad|"
    r"penandatanganan)(?:\s+\w+)?\s+(?:ini|tersebut|itu)\b",
    re.I,
)
# "Lalu, juga dilakukan oleh X dengan Y": a further signing of the same kind
CONTINUES = re.compile(
    r"^(?:lalu|kemudian|selain itu|selanjutnya)?,?\s*(?:juga\s+)?(?:dilakukan|ditandatangani)"
    r"(?:\s+pula)?\s+oleh\b",
    re.I,
)
EARLIER = re.compile(
    r"\b(sebelumnya|beberapa waktu lalu|pekan (?:lalu|kemarin)|tahun lalu|bulan lalu|pernah|"
    r"telah dirintis)\b",
    re.I,
)
# the end of who signs: witnesses, hosts and facilitators follow
WITNESSES = re.compile(
    r"\b(disaksikan|dihadiri|turut hadir|didampingi|difasilitasi|diinisiasi|yang dilaksanakan|"
    r"dalam rangka)\b",
    re.I,
)
CLAUSE_BREAK = re.compile(
    r",?\s+(?:sementara(?: itu)?|sedangkan)\s+|;\s+|,\s+(?=(?:Senin|Selasa|Rabu|Kamis|Jum.?at|"
    r"Sabtu|Minggu)\s*\()"
)
ANTARA = re.compile(r"\bantara\b(?!\s+lain)", re.I)
ITEM_BREAK = re.compile(
    r";\s*(?:serta\s+)?|,?\s+serta\s+|,\s+(?=(?:Pemerintah|Pemkot|Pemko|Pemkab|Pemprov|Dinas|"
    r"Koperasi|Kadin|PT|Perumda|PUD)\b)"
)


@dataclass
class Clause:
    """One reported agreement (or a detail of the one before), as a sentence tells it."""

    text: str
    sentence: str
    status: str
    groups: list[tuple[str, list[Mention]]]  # (instrument, parties) of each agreement
    points_back: bool
    earlier: bool
    summary: bool = False

    @property
    def instrument(self) -> str:
        return self.groups[0][0] if self.groups else instrument_of(self.text)


# an instrument named with its two parties needs no verb: "Nota kesepahaman ini dilakukan oleh
# antara PT A dengan PT B"
NAMED_INSTRUMENT = re.compile(
    r"\b(mou|nota kesepahaman|nota kesepakatan|kesepakatan bersama|pks|perjanjian kerja ?sama|"
    r"b2b|b to b|business to business)\b(?:[^.;]{0,60}\bantara\b(?!\s+lain)|(?:\s*\([^)]{1,12}\))?"
    r"\s+(?=(?:Kadin|Koperasi|Pemkot|Pemkab|Pemprov|Pemerintah|Perumda|PUD|PT)\b))",
    re.I,
)
# "tindak lanjut dari kerja sama sebelumnya": an earlier cooperation a visit follows up
FOLLOWS_UP = re.compile(r"\btindak ?lanjut (?:dari )?(?:kerja ?sama|kerjasama|mou|pks)\b", re.I)


# a meeting that talks about cooperation ("Rapat membahas ... penjajakan kerja sama") signs nothing
DISCUSSES = re.compile(r"\b(membahas|dibahas|membicarakan|memaparkan|dipaparkan)\b", re.I)


def is_agreement(text: str) -> bool:
    verb = SIGNING.search(text)
    if verb and DISCUSSES.search(text[: verb.start()]):
        return False
    return (
        bool(SIGNING.search(text) and INSTRUMENT.search(text))
        or bool(CONTINUES.search(text) or NAMED_INSTRUMENT.search(text))
        or bool(FOLLOWS_UP.search(text))
    )


def clauses_of(sentence: str) -> list[str]:
    """The sentence cut where a second signing starts; pieces without a signing stay with the
    piece before them (the items of an enumeration)."""
    pieces, last = [], 0
    for match in CLAUSE_BREAK.finditer(sentence):
        pieces.append(sentence[last : match.start()])
        last = match.end()
    pieces.append(sentence[last:])
    merged: list[str] = []
    for piece in pieces:
        if merged and not SIGNING.search(piece):
            merged[-1] += "; " + piece
        else:
            merged.append(piece)
    return [m for m in merged if m.strip()]


def status_of(text: str, verb: re.Match | None) -> str:
    if EXPLORING.search(text):
        return "exploratory"
    before = text[: verb.end()] if verb else text
    if verb and PLANNED.search(before[max(0, verb.start() - 60) :]):
        return "planned"
    return "signed"


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen, kept = set(), []
    for mention in mentions:
        if mention.identity in seen:
            continue
        seen.add(mention.identity)
        kept.append(mention)
    return kept


def enough(group: list[Mention]) -> bool:
    """Two regions, or two organisations: a party alone with its own locator is no agreement."""
    regions = {m.region_code for m in group if m.region_code}
    organisations = [m for m in group if m.organisation]
    unresolved = [m for m in group if not m.region_code and not m.organisation]
    return len(regions) >= 2 or len(organisations) >= 2 or (len(regions) == 1 and unresolved)


def _items(text: str, gazetteer: Gazetteer, offset: int) -> list[tuple[str, list[Mention]]]:
    """``[MoU] antara A dengan B[, C dengan D][ serta E dan F]`` -> (instrument, parties) per
    item; the instrument is the one written just before its ``antara``."""
    found = []
    matches = list(ANTARA.finditer(text))
    instrument = instrument_of(text)
    for index, match in enumerate(matches):
        start = match.end()
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        head = re.split(r";|\bserta\b|\byakni\b|\byaitu\b", text[: match.start()])[-1]
        if instrument_of(head) != "other":
            instrument = instrument_of(head)
        segment = WITNESSES.split(text[start:end])[0]
        position = 0
        for piece in ITEM_BREAK.split(segment):
            at = segment.find(piece, position)
            position = at + len(piece)
            parties = _distinct(gazetteer.parties(piece, offset + start + at))
            if enough(parties):
                found.append((instrument, parties))
    return found


def parse_clause(
    text: str, sentence: str, gazetteer: Gazetteer, offset: int, subject: Mention | None
) -> Clause:
    verb = SIGNING.search(text) or FOLLOWS_UP.search(text)
    status = status_of(text, verb)
    points_back = bool(POINTS_BACK.search(text))
    earlier = bool(EARLIER.search(text) or FOLLOWS_UP.search(text))
    instrument = instrument_of(text)
    items = _items(text, gazetteer, offset)
    if items:
        return Clause(text, sentence, status, items, False, earlier)
    signed_by = WITNESSES.split(text)[0]
    split = verb.start() if verb else 0
    before = _distinct(gazetteer.parties(signed_by[:split], offset))
    after = _distinct(gazetteer.parties(signed_by[split:], offset + split))
    after = [m for m in after if m.identity not in {b.identity for b in before}]
    summary = len(before) >= 2 and len(after) >= 2
    groups: list[list[Mention]] = []
    if before and after:
        groups = (
            [[before[0], m] for m in after]
            if len(before) == 1 and len(after) >= 2
            else [before + after]
        )
    elif len(before) >= 2:
        groups = [before]
    elif after:
        gap = signed_by[split : after[0].start - offset]
        missing = re.search(r"\b(bersama|dengan)\s*$", gap)
        if missing and subject and subject.identity not in {m.identity for m in after}:
            groups = [[subject, m] for m in after]
        elif len(after) >= 2:
            groups = [after]
    kept = [(instrument, g) for g in groups if enough(g)]
    return Clause(text, sentence, status, kept, points_back, earlier, summary)
