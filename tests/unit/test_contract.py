import pandera.polars as pa
import polars as pl
import pytest

from sources.common.contract import ContractError, ReadResult, apply_contract


class Price(pa.DataFrameModel):
    source_file: str
    source_row: int
    price_idr: float = pa.Field(gt=0)

    class Config:
        strict = True


def _rows(prices):
    return pl.DataFrame(
        {"source_file": "p.csv", "source_row": list(range(2, 2 + len(prices))), "price_idr": prices}
    )


def test_rows_that_break_a_rule_move_to_rejects_and_the_rest_stay():
    result = apply_contract(ReadResult.of(_rows([13800.0, -1.0, 0.0, 950.0])), Price)
    assert result.rows["price_idr"].to_list() == [13800.0, 950.0]
    assert result.rejects.select("source_row", "column_name", "value").rows() == [
        (3, "price_idr", "-1.0"),
        (4, "price_idr", "0.0"),
    ]
    assert all(r.startswith("Price: greater_than(0)") for r in result.rejects["rule"])


def test_a_column_missing_refuses_the_whole_file():
    frame = _rows([1.0]).rename({"price_idr": "harga"})
    with pytest.raises(ContractError, match="p.csv: breaks contract Price"):
        apply_contract(ReadResult.of(frame), Price)


def test_earlier_rejects_are_kept():
    first = apply_contract(ReadResult.of(_rows([-5.0])), Price)
    again = apply_contract(ReadResult(first.rows.vstack(_rows([-7.0])), first.rejects), Price)
    assert again.rejects["value"].to_list() == ["-5.0", "-7.0"]
