"""Quantities as agreement records and news write them: ``satu ton telur``, ``30 ton beras``,
``142 ribu ton``, ``291.661 t``, ``ribuan ton``, ``1,5 kuintal``; and the rupiah value of a
deal: ``senilai Rp1,2 miliar``, ``Rp 500 juta``, ``Rp30.000.000``.

Numbers follow Indonesian usage (dot thousands, decimal comma); words (``satu``, ``sepuluh``)
and approximate words (``ribuan``: thousands, at least 1,000) are read too, the latter flagged
approximate. Everything is expressed in tons (or heads, pieces, liters where the unit says so).
"""

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "seratus": 100, "seribu": 1000,
}  # fmt: skip
APPROXIMATE = {"puluhan": 10, "ratusan": 100, "ribuan": 1000, "jutaan": 1_000_000}
MULTIPLIERS = {"ribu": 1000, "juta": 1_000_000}
RUPIAH_MULTIPLIERS = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
                      "m": 1e9, "triliun": 1e12, "t": 1e12}  # fmt: skip
# unit -> (base unit, factor to it)
UNITS = {
    "ton": ("ton", 1.0), "t": ("ton", 1.0), "kuintal": ("ton", 0.1), "kwintal": ("ton", 0.1),
    "kg": ("ton", 0.001), "kilogram": ("ton", 0.001), "ekor": ("ekor", 1.0),
    "butir": ("butir", 1.0), "liter": ("liter", 1.0), "lembar": ("lembar", 1.0),
}  # fmt: skip
_NUMBER = r"\d+(?:[.,]\d+)*|" + "|".join(
    sorted({*WORD_NUMBERS, *APPROXIMATE}, key=len, reverse=True)
)
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER})\s*(?P<multiplier>ribu|juta)?\s*"
    rf"(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})\b(?!\s*/)"  # not 6 t/ha
    r"(?:\s+(?P<what>[a-z]+(?:\s+[a-z]+){0,2}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str
    approximate: bool
    text: str
    what: str  # the words after the unit ("telur", "beras per hari"), for the commodity


def _number(text: str) -> tuple[float, bool]:
    lowered = text.lower()
    if lowered in WORD_NUMBERS:
        return float(WORD_NUMBERS[lowered]), False
    if lowered in APPROXIMATE:
        return float(APPROXIMATE[lowered]), True
    # Indonesian: '.' groups thousands (291.661), ',' is the decimal sign (1,5)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        return float(text.replace(".", "").replace(",", ".")), False
    return float(text.replace(",", ".")), False


def find_quantities(text: str) -> list[Quantity]:
    found = []
    for match in QUANTITY.finditer(text):
        amount, approximate = _number(match.group("number"))
        if match.group("multiplier"):
            amount *= MULTIPLIERS[match.group("multiplier").lower()]
        base, factor = UNITS[match.group("unit").lower()]
        found.append(
            Quantity(
                amount * factor,
                base,
                approximate,
                match.group(0).strip(),
                (match.group("what") or "").lower(),
            )
        )
    return found


RUPIAH = re.compile(
    r"\bRp\.?\s?(?P<number>\d+(?:[.,]\d+)*)(?![.,]?\d)\s*"
    rf"(?P<multiplier>{'|'.join(sorted(RUPIAH_MULTIPLIERS, key=len, reverse=True))})?\b"
    r"(?!\s*(?:/|per\b))",  # Rp 13.800/kg is a price, not what a deal is worth
    re.IGNORECASE,
)


def find_rupiah(text: str) -> list[float]:
    """Every rupiah sum in ``text``, in rupiah (``Rp1,2 miliar`` -> 1,200,000,000); unit prices
    (``Rp 13.800/kg``) are left out."""
    found = []
    for match in RUPIAH.finditer(text):
        amount, _ = _number(match.group("number"))
        multiplier = match.group("multiplier")
        found.append(amount * (RUPIAH_MULTIPLIERS[multiplier.lower()] if multiplier else 1.0))
    return found
