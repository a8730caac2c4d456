"""How BPS names what a table holds: measure phrases, unit labels, base years and the period a
per-capita figure is counted over.

BPS labels say the same thing many ways (``Produksi (ton)``, ``Produksi Padi Menurut
Kabupaten/Kota``, ``[SERI 2010] PDRB Atas Dasar Harga Konstan Menurut Pengeluaran (2010=100)``,
``Rata-rata Konsumsi Perkapita Seminggu ... (Satuan Komoditas)``). The WebAPI reader and the
reader of BPS table downloads both read them here, so one phrase means one measure everywhere.
"""

import re

# Label phrases -> measure, most specific first ("penduduk miskin" before "penduduk", GRDP per
# capita before GRDP, "harga konstan" before "harga"). None: a phrase known to name a measure
# the warehouse does not hold (a producer price is not a consumer price).
LABEL_MEASURES: tuple[tuple[re.Pattern, str | None], ...] = tuple(
    (re.compile(pattern, re.I), measure)
    for pattern, measure in (
        (r"per ?kapita.*(konstan|adhk)|(konstan|adhk).*per ?kapita", "grdp_per_capita_constant"),
        (r"per ?kapita.*(berlaku|adhb)|(berlaku|adhb).*per ?kapita", "grdp_per_capita_current"),
        (r"harga konstan|\badhk\b|constant prices?", "grdp_constant"),
        (r"harga berlaku|\badhb\b|current prices?", "grdp_current"),
        (r"luas panen|harvested area", "harvested_area"),
        (r"produktivitas|productivity|\byield\b", "yield"),
        (r"konsumsi\s*per\s*kapita|consumption per capita", "consumption_per_capita"),
        (r"pengeluaran\s*per\s*kapita|expenditure per capita", "food_expenditure_per_capita"),
        (r"produksi|production", "production"),
        (r"harga produsen|producer price", None),
        (r"\bharga\b|\bprices?\b", "retail_price"),
        (r"persentase penduduk miskin|penduduk miskin|poverty", "poverty_rate"),
        (r"kepadatan penduduk|population density", "population_density"),
        (r"jumlah penduduk|penduduk|population", "population"),
        (r"pengangguran|unemployment", "unemployment_rate"),
        (r"ketahanan pangan|\bikp\b", "food_security_index"),
        (r"pembangunan manusia|\bipm\b", "human_development_index"),
    )
)  # fmt: skip

# BPS unit labels -> the unit names unit_conversions.csv and statistics_measures.csv use.
UNIT_LABELS = {
    "ton": "ton", "ribu ton": "ribu ton", "kuintal": "kuintal", "ku": "kuintal",
    "hektar": "ha", "ha": "ha", "ku/ha": "ku/ha", "kuintal/ha": "ku/ha", "kw/ha": "ku/ha",
    "jiwa": "persons", "orang": "persons", "ribu jiwa": "ribu jiwa", "persen": "percent",
    "%": "percent", "juta rupiah": "idr_million", "rupiah": "idr", "rp": "idr",
    "ribu rupiah": "ribu rupiah", "kg": "kg", "kilogram": "kg", "ons": "ons", "butir": "butir",
    "liter": "liter", "rp/kg": "idr/kg", "rupiah/kg": "idr/kg", "jiwa/km2": "persons/km2",
}  # fmt: skip
# "(Satuan Komoditas)": each Susenas item in its own unit; eggs are counted in butir. An item
# not listed here has no unit and is rejected rather than guessed (milk is in liter or cans).
ITEM_UNITS = "satuan komoditas"
SUSENAS_ITEM_UNITS = {
    "telur ayam ras": "butir", "telur ayam kampung": "butir",
    "telur itik/telur itik manila": "butir",
}  # fmt: skip
PERIOD_WORDS = (
    (re.compile(r"seminggu|per\s*minggu|mingguan|per week|weekly", re.I), "week"),
    (re.compile(r"sebulan|per\s*bulan|per month|monthly", re.I), "month"),
)
BASE_YEAR = re.compile(r"\((\d{4})\s*=\s*100\)")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def measure_of(label: str) -> str | None:
    """The measure a label names, or None (no phrase, or one the warehouse does not hold)."""
    return next((m for pattern, m in LABEL_MEASURES if pattern.search(label)), None)


def names_a_measure(label: str) -> bool:
    return any(pattern.search(label) for pattern, _ in LABEL_MEASURES)


def unit_label(text: str) -> str:
    """A unit as the seeds name it; an unknown label comes back lowercased, so that its
    conversion fails by name instead of being guessed."""
    key = re.sub(r"\s+", " ", text).strip().lower()
    return UNIT_LABELS.get(key, key)


def unit_in(label: str) -> str | None:
    """The unit in a label's last parentheses (``Produksi (ton)`` -> ``ton``); a base year
    ``(2010=100)`` is not a unit."""
    found = [m for m in _PARENTHESES.findall(label) if "=" not in m and m.strip()]
    return unit_label(found[-1]) if found else None


def per_capita_period(text: str) -> str:
    """The period a per-capita figure counts (``Seminggu`` -> week); a year when unstated."""
    return next((p for pattern, p in PERIOD_WORDS if pattern.search(text)), "year")


def base_year_in(text: str) -> int | None:
    match = BASE_YEAR.search(text)
    return int(match.group(1)) if match else None
