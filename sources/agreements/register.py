"""Agreement registers as a regional Bagian Kerja Sama keeps them (CSV or XLSX).

Headers vary between offices: ``party_a_name`` or ``Pihak I``, ``commodities`` or ``Komoditas``,
``document_numbers`` or ``Nomor``, ``signing_date`` or ``Tanggal``. One mapping (``HEADERS``) turns
any of them into the register's fields; a file without two parties cannot be a register and is
refused naming what it lacks. Every party goes through the region resolver (by code when the
register gives one, and then the name must agree); a party that does not resolve is quarantined
with the candidates, and the agreement keeps its other parties.
"""

import re
from datetime import date
from pathlib import Path

import polars as pl

from sources.agreements import schema
from sources.agreements.quantities import find_quantities, find_rupiah
from sources.agreements.vocabulary import (
    commodities_in,
    flow_type_of,
    instrument_of,
    known_organisations,
    organisation_type_of,
)
from sources.common.commodities import CommodityDictionary, commodity_key
from sources.common.contract import ContractError, ReadResult, apply_contract, empty_rejects
from sources.common.dates import parse_day_first, parse_day_month_name, parse_iso_date
from sources.common.paths import display_path
from sources.common.region_resolver import RESOLVED, RegionResolver
from sources.common.text_tables import read_csv_text
from sources.prices.workbooks import cell_text, sheet_rows

# field -> header spellings (compared case- and punctuation-insensitively)
HEADERS = {
    "agreement_id": ["agreement_id", "id", "no", "nomor urut", "kode"],
    "title": ["title", "tentang", "judul", "perihal"],
    "signing_date": ["signing_date", "tanggal", "tanggal penandatanganan", "tgl"],
    "date_precision": ["date_precision", "ketepatan tanggal"],
    "instrument": ["instrument", "jenis", "jenis kerja sama", "bentuk kerja sama", "instrumen"],
    "term": ["jangka waktu", "term", "duration", "masa berlaku"],
    "party_a_level": ["party_a_level", "tingkat pihak i"],
    "party_a_name": ["party_a_name", "pihak i", "pihak 1", "pihak pertama"],
    "party_a_code": ["party_a_code_kemendagri", "party_a_code", "kode pihak i"],
    "party_a_org": ["party_a_signatory_org", "penandatangan pihak i", "instansi pihak i"],
    "party_b_level": ["party_b_level", "tingkat pihak ii"],
    "party_b_name": ["party_b_name", "pihak ii", "pihak 2", "pihak kedua"],
    "party_b_code": ["party_b_code_kemendagri", "party_b_code", "kode pihak ii"],
    "party_b_org": ["party_b_signatory_org", "penandatangan pihak ii", "instansi pihak ii"],
    "other_parties": ["other_parties", "pihak lain", "pihak lainnya"],
    "other_parties_codes": ["other_parties_codes", "kode pihak lain"],
    "commodities": ["commodities", "komoditas", "komoditi"],
    "scope": ["scope", "ruang lingkup", "objek"],
    "facilitator": ["facilitator", "fasilitator"],
    "document_numbers": ["document_numbers", "nomor", "nomor dokumen", "no dokumen"],
    "quantities": ["quantities_mentioned", "volume", "kuantitas", "jumlah"],
    "status": ["status"],
    "source_urls": ["source_urls", "sumber", "tautan", "url"],
}
REQUIRED = ("party_a_name", "party_b_name")
LEVELS = {"provinsi": ["provinsi"], "kabupaten": ["kabupaten"], "kota": ["kota"]}
STATUSES = {
    "signed": "signed",
    "ditandatangani": "signed",
    "berlaku": "signed",
    "exploratory": "exploratory",
    "penjajakan": "exploratory",
    "planned": "planned",
    "rencana": "planned",
}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()


def map_headers(columns: list[str], source_file: str) -> dict[str, str]:
    """field -> the file's column, refusing a file that lacks the two parties."""
    by_key = {_key(c): c for c in columns}
    mapped = {
        field: by_key[_key(s)]
        for field, spellings in HEADERS.items()
        for s in spellings
        if _key(s) in by_key
    }
    missing = [f for f in REQUIRED if f not in mapped]
    if missing:
        expected = {f: HEADERS[f] for f in missing}
        raise ContractError(
            f"{source_file}: not an agreement register; no column for {expected}; found {columns}"
        )
    return mapped


def _date(text: str | None, precision_text: str | None) -> tuple[date | None, str]:
    if not text:
        return None, ("range" if precision_text and "range" in precision_text else "unknown")
    day = parse_iso_date(text) or parse_day_first(text) or parse_day_month_name(text)
    precision = (precision_text or "day").strip().lower()
    for known in ("day", "month", "year", "range"):
        if precision.startswith(known) or (known == "range" and precision.startswith("period")):
            return day, known
    return day, "day" if day else "unknown"


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in re.split(r";|\n", text or "") if part.strip()]


def _party_rows(key, role, name, code, level, organisations, resolver, source_file, row):
    """Party rows (one per organisation) and a reject when the region does not resolve."""
    levels = LEVELS.get((level or "").strip().lower())
    result = resolver.resolve_code(code) if code else resolver.resolve(name, levels=levels)
    by_name = resolver.resolve(name, levels=levels) if code and name else None
    reject = None
    if result.status != RESOLVED:
        reject = result.message
    elif (
        by_name is not None
        and by_name.status == RESOLVED
        and by_name.region_code != result.region_code
    ):
        reject = f"code '{code}' is {result.region_code} but '{name}' is {by_name.region_code}"
    region = None if reject else result.region_code
    orgs = _split(organisations) or [None]
    rows = []
    for org in orgs:
        known = known_organisations().get(commodity_key(org or ""))
        kind = known[0] if known else organisation_type_of(org) if org else "pemda"
        rows.append(
            {
                "agreement_key": key,
                "party_role": role,
                "party_name": name,
                "region_code": region,
                "organisation": org,
                "organisation_type": kind,
                "source_file": source_file,
                "source_row": row,
            }
        )
    if reject:
        return [], {
            "source_file": source_file,
            "source_row": row,
            "column_name": f"{role} region",
            "value": f"{name} ({code or 'no code'})",
            "rule": f"party must resolve to one region: {reject}",
        }
    return rows, None


def read_register(
    frame: pl.DataFrame, resolver: RegionResolver, dictionary: CommodityDictionary
) -> dict[str, ReadResult]:
    """A register table (strings, with source_file/source_row) -> the four agreement tables."""
    source_file = frame["source_file"][0] if frame.height else "<empty>"
    fields = map_headers(frame.columns, source_file)
    agreements, parties, commodities, flows, rejects = [], [], [], [], []
    for record in frame.iter_rows(named=True):
        value = {
            f: (cell_text(record[c]) if record[c] is not None else None) for f, c in fields.items()
        }
        row = record["source_row"]
        if not value.get("party_a_name") and not value.get("party_b_name"):
            continue  # a blank line
        key = f"{source_file}#{value.get('agreement_id') or row}"
        signing, precision = _date(value.get("signing_date"), value.get("date_precision"))
        instrument_text = value.get("instrument")
        # without an instrument column, the title or the number says it ("100/PKS/2025")
        instrument = instrument_of(
            instrument_text
            or " ".join(filter(None, [value.get("title"), value.get("document_numbers")]))
        )
        status = STATUSES.get(
            (value.get("status") or "").strip().lower(),
            "exploratory" if instrument == "exploratory" else "signed",
        )
        agreements.append(
            {
                "agreement_key": key,
                "source": "register",
                "source_agreement_id": value.get("agreement_id"),
                "title": value.get("title"),
                "instrument": instrument,
                "instrument_text": instrument_text,
                "status": status,
                "signing_date": signing,
                "date_precision": precision,
                "date_text": value.get("date_precision") or value.get("signing_date"),
                "scope": value.get("scope") or value.get("term"),
                "facilitator": value.get("facilitator"),
                "document_numbers": value.get("document_numbers"),
                "quantities_text": value.get("quantities"),
                "source_urls": value.get("source_urls"),
                "evidence": None,
                "confidence": 1.0,
                "uncertainty": None,
                "cooperation_key": key,
                "source_file": source_file,
                "source_row": row,
            }
        )
        named = [
            (
                "pihak_1",
                value.get("party_a_name"),
                value.get("party_a_code"),
                value.get("party_a_level"),
                value.get("party_a_org"),
            ),
            (
                "pihak_2",
                value.get("party_b_name"),
                value.get("party_b_code"),
                value.get("party_b_level"),
                value.get("party_b_org"),
            ),
        ]
        other_codes = _split(value.get("other_parties_codes"))
        for index, other in enumerate(_split(value.get("other_parties"))):
            code = other_codes[index] if index < len(other_codes) else None
            named.append(("pihak_lain", other, code, None, None))
        region_codes = []
        for role, name, code, level, orgs in named:
            if not name:
                continue
            rows, reject = _party_rows(
                key, role, name, code, level, orgs, resolver, source_file, row
            )
            parties += rows
            region_codes += [r["region_code"] for r in rows if r["region_code"]]
            if reject:
                rejects.append(reject)
        for name in _split(value.get("commodities")):
            code = dictionary.lookup("agreements", name)
            if code is None:
                rejects.append(
                    {
                        "source_file": source_file,
                        "source_row": row,
                        "column_name": "commodities",
                        "value": name,
                        "rule": "unknown commodity: add it to "
                        "dbt_project/seeds/commodity_crosswalk.csv",
                    }
                )
                continue
            commodities.append(
                {
                    "agreement_key": key,
                    "source_commodity_name": name,
                    "commodity_code": code,
                    "source_file": source_file,
                    "source_row": row,
                }
            )
        listed = [c["commodity_code"] for c in commodities if c["agreement_key"] == key]
        for clause in _split(value.get("quantities")):
            kind = flow_type_of(clause)
            quantities, values = find_quantities(clause), find_rupiah(clause)
            for quantity in quantities if kind else []:
                named_here = commodities_in(quantity.what, dictionary)
                commodity = (
                    dictionary.narrowest(named_here[0][1], listed)
                    if named_here
                    else (listed[0] if len(set(listed)) == 1 else None)
                )
                flows.append(
                    {
                        "agreement_key": key,
                        "origin_region_code": None,
                        "destination_region_code": None,
                        "commodity_code": commodity,
                        "quantity": quantity.amount,
                        "unit": quantity.unit,
                        "is_approximate": quantity.approximate,
                        "value_idr": values[0] if len(quantities) == len(values) == 1 else None,
                        "flow_type": kind,
                        "flow_date": signing,
                        "evidence": clause,
                        "source_file": source_file,
                        "source_row": row,
                    }
                )
    return assemble(agreements, parties, commodities, flows, rejects)


def assemble(agreements, parties, commodities, flows, rejects) -> dict[str, ReadResult]:
    """The four tables, each validated against its contract; rejects go with the agreements."""
    tables = {
        "agreements": (agreements, schema.AGREEMENT_COLUMNS, schema.AgreementRecord),
        "agreement_parties": (parties, schema.PARTY_COLUMNS, schema.AgreementParty),
        "agreement_commodities": (commodities, schema.COMMODITY_COLUMNS, schema.AgreementCommodity),
        "agreement_flows": (flows, schema.FLOW_COLUMNS, schema.AgreementFlow),
    }
    results = {}
    for name, (rows, columns, model) in tables.items():
        frame = (
            pl.DataFrame(rows, schema=columns, orient="row")
            if rows
            else pl.DataFrame(schema=columns)
        )
        extra = pl.DataFrame(rejects) if (name == "agreements" and rejects) else empty_rejects()
        results[name] = apply_contract(ReadResult.of(frame, extra), model)
    return results


def read_register_file(
    path: Path,
    resolver: RegionResolver,
    dictionary: CommodityDictionary,
    root: Path | None = None,
) -> dict[str, ReadResult]:
    if path.suffix.lower() == ".xlsx":
        title, rows = next(sheet_rows(path), ("", []))
        if not rows:
            raise ContractError(f"{display_path(path, root)}: the workbook is empty")
        header = [cell_text(v) or f"column_{i}" for i, v in enumerate(rows[0])]
        records = [[cell_text(v) for v in r] + [None] * (len(header) - len(r)) for r in rows[1:]]
        frame = pl.DataFrame(
            records, schema=dict.fromkeys(header, pl.String), orient="row"
        ).with_columns(
            pl.lit(display_path(path, root)).alias("source_file"),
            (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("source_row"),
        )
    else:
        frame = read_csv_text(path, root)
    return read_register(frame, resolver, dictionary)
