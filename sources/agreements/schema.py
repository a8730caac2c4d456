"""The agreement family's contracts: agreements, their parties, commodities and flows.

A register row becomes one agreement record, a news article one per agreement it tells (each
with a key unique in its file and the key of the cooperation it is a layer of), with party rows
(role, region, organisation), commodity rows and flow rows (quantities with a direction where
the text gives one). A party whose region does not resolve is quarantined with the resolver's
candidates; the agreement keeps its other parties.
"""

import pandera.polars as pa
import polars as pl

INSTRUMENTS = ["mou", "kesepakatan_bersama", "pks", "b2b", "kad", "exploratory", "other"]
STATUSES = ["signed", "planned", "exploratory"]
PRECISIONS = ["day", "month", "year", "range", "reported", "unknown"]
ORGANISATION_TYPES = ["pemda", "dinas", "bumd", "koperasi", "kelompok_tani", "kadin", "umkm",
                      "other"]  # fmt: skip

AGREEMENT_COLUMNS = {
    "agreement_key": pl.String, "source": pl.String, "source_agreement_id": pl.String,
    "title": pl.String, "instrument": pl.String, "instrument_text": pl.String,
    "status": pl.String, "signing_date": pl.Date, "date_precision": pl.String,
    "date_text": pl.String, "scope": pl.String, "facilitator": pl.String,
    "document_numbers": pl.String, "quantities_text": pl.String, "source_urls": pl.String,
    "evidence": pl.String, "confidence": pl.Float64, "uncertainty": pl.String,
    "cooperation_key": pl.String, "source_file": pl.String, "source_row": pl.Int64,
}  # fmt: skip
PARTY_COLUMNS = {
    "agreement_key": pl.String, "party_role": pl.String, "party_name": pl.String,
    "region_code": pl.String, "organisation": pl.String, "organisation_type": pl.String,
    "source_file": pl.String, "source_row": pl.Int64,
}  # fmt: skip
COMMODITY_COLUMNS = {
    "agreement_key": pl.String, "source_commodity_name": pl.String, "commodity_code": pl.String,
    "source_file": pl.String, "source_row": pl.Int64,
}  # fmt: skip
FLOW_COLUMNS = {
    "agreement_key": pl.String, "origin_region_code": pl.String,
    "destination_region_code": pl.String, "commodity_code": pl.String, "quantity": pl.Float64,
    "unit": pl.String, "is_approximate": pl.Boolean, "value_idr": pl.Float64,
    "flow_type": pl.String, "flow_date": pl.Date, "evidence": pl.String, "source_file": pl.String,
    "source_row": pl.Int64,
}  # fmt: skip

_CODE = r"^\d{2}(\.\d{2})?$"


class _Traced(pa.DataFrameModel):
    agreement_key: str
    source_file: str
    source_row: int = pa.Field(ge=1)

    class Config:
        strict = True


class AgreementRecord(_Traced):
    source: str = pa.Field(isin=["register", "news"])
    source_agreement_id: str = pa.Field(nullable=True)
    title: str = pa.Field(nullable=True)
    instrument: str = pa.Field(isin=INSTRUMENTS)
    instrument_text: str = pa.Field(nullable=True)
    status: str = pa.Field(isin=STATUSES)
    signing_date: pl.Date = pa.Field(nullable=True)
    date_precision: str = pa.Field(isin=PRECISIONS)
    date_text: str = pa.Field(nullable=True)
    scope: str = pa.Field(nullable=True)
    facilitator: str = pa.Field(nullable=True)
    document_numbers: str = pa.Field(nullable=True)
    quantities_text: str = pa.Field(nullable=True)
    source_urls: str = pa.Field(nullable=True)
    evidence: str = pa.Field(nullable=True)
    confidence: float = pa.Field(ge=0, le=1)
    # why a news candidate is uncertain (flagged, never dropped); null when nothing is
    uncertainty: str = pa.Field(nullable=True)
    # the record this one is a layer of (a cooperatives' PKS under a government MoU told in the
    # same article); its own key when it stands alone
    cooperation_key: str

    class Config:
        unique = ["agreement_key"]


class AgreementParty(_Traced):
    party_role: str = pa.Field(isin=["pihak_1", "pihak_2", "pihak_lain"])
    party_name: str
    region_code: str = pa.Field(nullable=True, str_matches=_CODE)
    organisation: str = pa.Field(nullable=True)
    organisation_type: str = pa.Field(isin=ORGANISATION_TYPES)

    @pa.check("region_code", error="a party needs a region or an organisation")
    def region_or_organisation(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("region_code").is_not_null() | pl.col("organisation").is_not_null()
        )


class AgreementCommodity(_Traced):
    source_commodity_name: str
    commodity_code: str


class AgreementFlow(_Traced):
    origin_region_code: str = pa.Field(nullable=True, str_matches=_CODE)
    destination_region_code: str = pa.Field(nullable=True, str_matches=_CODE)
    commodity_code: str = pa.Field(nullable=True)
    quantity: float = pa.Field(gt=0)
    unit: str = pa.Field(isin=["ton", "ekor", "butir", "liter", "lembar"])
    is_approximate: bool
    value_idr: float = pa.Field(nullable=True, gt=0)
    flow_type: str = pa.Field(isin=["committed", "delivered"])
    flow_date: pl.Date = pa.Field(nullable=True)
    evidence: str
