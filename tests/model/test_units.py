"""Units of quantity: every spelling of a unit becomes one, and the file is checked."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from kuzet.model._refdata import ReferenceDataError
from kuzet.model.schemas import REFERENCE_TABLES
from kuzet.model.units import UNITS_SCHEMA, Units, canonical_unit, default_units, unit_key

SPELLINGS = {
    "шт": ["шт", "шт.", "Шт.", "PCS", "pc", "pieces", "796", "H87", "штук", "дана"],
    "кг": ["кг", "кг.", "KG", "kgs", "KGM", "килограмм", "166"],
    "т": ["т", "т.", "тн", "тонн", "tonne", "TNE", "168"],
    "м": ["м", "m", "метр", "6", "006"],
    "м2": ["м2", "м²", "кв. м", "кв.м", "sqm", "055"],
    "м3": ["м3", "м³", "куб. м", "CBM", "113"],
    "пар": ["пар", "пара", "pairs", "715"],
    "компл": ["компл", "компл.", "комплект", "set", "839"],
    "усл. ед": ["усл. ед", "усл.ед.", "усл ед", "876"],
    "тыс. шт": ["тыс. шт", "тыс.шт", "1000 шт", "798"],
    "квт. ч": ["квт·ч", "кВт.ч", "kWh", "245"],
}


@pytest.mark.parametrize("unit", sorted(SPELLINGS))
def test_every_spelling_of_a_unit_is_its_canonical_one(unit: str) -> None:
    for spelling in SPELLINGS[unit]:
        assert canonical_unit(spelling) == unit, spelling
        assert canonical_unit(f"  {spelling} ") == unit, spelling


def test_unknown_spellings_are_kept_trimmed_and_nulls_stay() -> None:
    assert canonical_unit(" боб. ") == "боб."
    assert canonical_unit(None) is None
    # a key ignores spaces and dots only: letters that differ are another unit
    assert unit_key("Кв. М") == unit_key("кв.м") == "квм"
    assert canonical_unit("шт2") == "шт2"


def test_the_column_form_agrees_with_the_scalar_one() -> None:
    values = [s for spellings in SPELLINGS.values() for s in spellings]
    values += [" боб. ", "", None, "0", "0796", "ШТ"]
    got = default_units().canonical_array(pa.array(values, pa.string())).to_pylist()
    assert got == [canonical_unit(v) for v in values]


def test_units_of_one_dimension_are_known_as_such() -> None:
    units = default_units()
    assert units.same_dimension("kg", "т")
    assert units.same_dimension("л", "м3")
    assert not units.same_dimension("кг", "шт")
    assert not units.same_dimension("боб.", "боб.")  # unknown: nothing can be said
    tonne = units.lookup("tonnes")
    assert tonne is not None and tonne.factor == 1000 and tonne.dimension == "mass"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_spelling_claimed_twice_names_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "units:\n"
        "  - unit: шт\n"
        "    name: {ru: штука}\n"
        "    dimension: count\n"
        "    factor: 1\n"
        "    aliases: [pcs]\n"
        "  - unit: кг\n"
        "    name: {ru: килограмм}\n"
        "    dimension: mass\n"
        "    factor: 1\n"
        "    aliases: [kg, PCS]\n",
    )
    with pytest.raises(ReferenceDataError) as e:
        Units.load(path)
    assert e.value.line == 11 and e.value.field == "aliases"
    assert "already names 'шт' (line 2)" in str(e.value)


@pytest.mark.parametrize(
    ("entry", "field", "problem"),
    [
        ("    factor: 0\n", "factor", "must be positive"),
        ("    factor: 1\n    colour: red\n", "colour", "unknown field"),
        ("    factor: 1\n    aliases: pcs\n", "aliases", "must be a list"),
    ],
)
def test_a_malformed_entry_names_its_field(
    tmp_path: Path, entry: str, field: str, problem: str
) -> None:
    text = "units:\n  - unit: шт\n    name: {ru: штука}\n    dimension: count\n" + entry
    with pytest.raises(ReferenceDataError) as e:
        Units.load(_write(tmp_path, text))
    assert e.value.field == field and problem in str(e.value)
    assert str(e.value).startswith(str(tmp_path / "units.yaml"))


def test_the_units_table_packs_read() -> None:
    table = REFERENCE_TABLES["units"]()
    assert table.schema == UNITS_SCHEMA
    rows = {r["unit"]: r for r in table.to_pylist()}
    assert len(rows) == len(default_units().units)
    assert rows["т"]["dimension"] == rows["кг"]["dimension"] == "mass"
    assert rows["т"]["factor"] / rows["кг"]["factor"] == 1000
    assert rows["шт"]["code"] == "796" and rows["шт"]["name_en"] == "piece"
