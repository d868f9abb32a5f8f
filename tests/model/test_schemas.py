"""The canonical table declarations keep the promises ingest and the engine rely on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kuzet.model import IDENTIFIERS, TABLES, Table, table
from kuzet.model.schemas import _TABLES

LOGS = {"quarantine", "screening_hits"}
"""Tables that are logs or match results, not entities: they have no natural key (a
screened counterparty is known by its name only)."""


def test_table_names_are_unique() -> None:
    names = [t.name for t in _TABLES]
    assert len(names) == len(set(names)) == len(TABLES)


@pytest.mark.parametrize("t", TABLES.values(), ids=lambda t: t.name)
def test_key_columns_are_required(t: Table) -> None:
    assert bool(t.key) == (t.name not in LOGS), f"{t.name}: key {t.key}"
    optional = [k for k in t.key if not t.column(k).required]
    assert not optional, f"{t.name}: key columns {optional} are nullable"


@pytest.mark.parametrize("t", TABLES.values(), ids=lambda t: t.name)
def test_enums_and_identifiers_only_on_string_columns(t: Table) -> None:
    for c in t:
        if c.enum is not None:
            assert c.type == pa.string(), f"{t.name}.{c.name}"
            assert c.enum and len(set(c.enum)) == len(c.enum), f"{t.name}.{c.name}"
        if c.identifier is not None:
            assert c.type == pa.string(), f"{t.name}.{c.name}"
            assert c.identifier in IDENTIFIERS, f"{t.name}.{c.name}"


@pytest.mark.parametrize("t", TABLES.values(), ids=lambda t: t.name)
def test_money_and_time_types_follow_the_conventions(t: Table) -> None:
    for c in t:
        if c.name.endswith("_kzt") or c.name in ("amount", "price", "principal"):
            assert c.type == pa.decimal128(18, 2), f"{t.name}.{c.name}"
        if pa.types.is_timestamp(c.type):
            assert c.type == pa.timestamp("us", tz="UTC"), f"{t.name}.{c.name}"


SAMPLES: list[tuple[Any, object]] = [
    (pa.types.is_decimal, Decimal("1234.50")),
    (pa.types.is_timestamp, dt.datetime(2025, 3, 21, 6, 30, tzinfo=dt.UTC)),
    (pa.types.is_date, dt.date(2025, 3, 21)),
    (pa.types.is_boolean, True),
    (pa.types.is_integer, 7),
    (pa.types.is_floating, 0.25),
    (pa.types.is_string, "x"),
]


def sample_value(t: pa.DataType, enum: tuple[str, ...] | None) -> object:
    if enum:
        return enum[0]
    return next(value for test, value in SAMPLES if test(t))


@pytest.mark.parametrize("t", TABLES.values(), ids=lambda t: t.name)
def test_schema_round_trips_through_parquet(t: Table, tmp_path: Path) -> None:
    full = {c.name: sample_value(c.type, c.enum) for c in t}
    sparse = {c.name: full[c.name] if c.required else None for c in t}
    data = pa.Table.from_pylist([full, sparse], schema=t.schema)
    path = tmp_path / f"{t.name}.parquet"
    pq.write_table(data, path)
    back = pq.read_table(path)
    assert back.schema.equals(t.schema)
    assert back.equals(data)


def test_unknown_table_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"canonical tables are: .*transactions"):
        table("transaction")
