"""How Indonesian region names are written, reduced to a comparable key.

Feeds spell the same kab/kota many ways: ``Kab. Blitar``, ``KABUPATEN BLITAR``, ``Kab Blitar``;
``Kota Palangkaraya`` vs ``Palangka Raya``; ``Kota Bau-Bau`` vs ``Kota Bau Bau`` vs ``Baubau``;
``Kota Administrasi Jakarta Pusat``; ``PROV ACEH``; ``Kota Surakarta (Solo)``. The level
(provinsi, kabupaten, kota) is read from the prefix and kept apart from the key, because the same
key names a kabupaten and a kota in 26 cases (Blitar, Kediri, Bima ...) and that must be reported,
not guessed.
"""

import re
import unicodedata
from dataclasses import dataclass

# Longest first: "kota administrasi" must win over "kota".
_LEVEL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kabupaten administrasi", "kabupaten"),
    ("kab administrasi", "kabupaten"),
    ("kab adm", "kabupaten"),
    ("kota administrasi", "kota"),
    ("kota adm", "kota"),
    ("daerah istimewa", "provinsi"),
    ("daerah khusus ibukota", "provinsi"),
    ("daerah khusus", "provinsi"),
    ("kabupaten", "kabupaten"),
    ("kotamadya", "kota"),
    ("kotamadia", "kota"),
    ("kodya", "kota"),
    ("pemkab", "kabupaten"),
    ("pemkot", "kota"),
    ("pemprov", "provinsi"),
    ("propinsi", "provinsi"),
    ("provinsi", "provinsi"),
    ("prov", "provinsi"),
    ("kab", "kabupaten"),
    ("kota", "kota"),
    ("dki", "provinsi"),
    ("di", "provinsi"),
)
_LEVEL_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("regency", "kabupaten"),
    ("city", "kota"),
    ("province", "provinsi"),
)
# Abbreviations that appear inside names.
_WORD_EXPANSIONS = {"kep": "kepulauan", "kab": "kabupaten", "kep.": "kepulauan"}

LEVELS = ("provinsi", "kabupaten", "kota")


@dataclass(frozen=True)
class ParsedName:
    """A region name split into the level its prefix states (if any) and a comparison key."""

    level: str | None
    key: str
    text: str


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    lowered = ascii_text.lower()
    lowered = re.sub(r"\([^)]*\)", " ", lowered)  # "Kota Surakarta (Solo)" -> "kota surakarta"
    lowered = re.sub(r"\b([a-z])\.\s*([a-z])\.", r"\1\2", lowered)  # "d.i." -> "di"
    lowered = re.sub(r"[.,'`/\-_]+", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def parse_region_name(text: str) -> ParsedName:
    """Split a region name into its stated level and a key that ignores case, punctuation,
    spacing and abbreviations (``Palangkaraya`` and ``Palangka Raya`` share a key)."""
    words = _fold(text)
    level = None
    for prefix, prefix_level in _LEVEL_PREFIXES:
        if words == prefix:
            break
        if words.startswith(prefix + " "):
            level, words = prefix_level, words[len(prefix) + 1 :]
            break
    else:
        for suffix, suffix_level in _LEVEL_SUFFIXES:
            if words.endswith(" " + suffix):
                level, words = suffix_level, words[: -len(suffix) - 1]
                break
    if level == "provinsi":  # "PROV DKI JAKARTA", "Provinsi D.I. Yogyakarta"
        for prefix, prefix_level in _LEVEL_PREFIXES:
            if prefix_level == "provinsi" and words.startswith(prefix + " "):
                words = words[len(prefix) + 1 :]
                break
    expanded = " ".join(_WORD_EXPANSIONS.get(w, w) for w in words.split())
    return ParsedName(level=level, key=expanded.replace(" ", ""), text=text)


def alias_key(text: str) -> str:
    """Key for the alias table: the whole folded name, prefix included (``kota sampit``)."""
    return _fold(text).replace(" ", "")
