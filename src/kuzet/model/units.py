"""Units of quantity: one canonical spelling for the many a unit arrives in.

A trade contract says "pcs", the customs price list "шт.", a bank's export "796" (the unit
classifier's code): three spellings of one piece. Unit prices compare only per the same unit,
so ingest rewrites every known spelling to the canonical one (``reference/units.yaml``: the
national short designation, lower-case, e.g. ``шт``, ``кг``, ``м3``). A spelling the file does
not list is kept as written, trimmed; it then matches only itself.

Matching ignores case, spaces and dots, reads ``³``/``²`` as ``3``/``2``, and reads a numeric
code without its leading zeros; the same key function serves the file's aliases and the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model._refdata import ReferenceDataError, entries, load_yaml, read_text

if TYPE_CHECKING:
    Arr: TypeAlias = pa.Array[Any]
else:  # pyarrow's classes are generic only in the stubs
    Arr = pa.Array
_pc: Any = pc  # the stubs' overloads of take do not cover an index array from index_in

_DROP = r"[\s.]+"
_NUMERIC = r"^[0-9]+$"
_LEADING_ZEROS = r"^0+([0-9])"


def unit_keys(arr: Arr) -> Arr:
    """The form two spellings of a unit share, for a whole string column: lower-case, no
    spaces or dots, ³ and ² as 3 and 2, a numeric code without leading zeros. One
    definition (Arrow's RE2) for the file's spellings and the data alike."""
    keys = pc.utf8_lower(pc.replace_substring(pc.replace_substring(arr, "³", "3"), "²", "2"))
    keys = pc.replace_substring_regex(keys, _DROP, "")
    stripped = pc.replace_substring_regex(keys, _LEADING_ZEROS, r"\1")
    out: Arr = pc.if_else(pc.match_substring_regex(keys, _NUMERIC), stripped, keys)
    return out


def unit_key(text: str) -> str:
    """``unit_keys`` of one spelling (``"Шт."`` → ``"шт"``, ``"006"`` → ``"6"``)."""
    return str(unit_keys(pa.array([text], pa.string()))[0].as_py())


_UNIT_FIELDS: list[pa.Field[pa.DataType]] = [
    pa.field("unit", pa.string(), nullable=False),
    pa.field("code", pa.string()),
    pa.field("name_ru", pa.string()),
    pa.field("name_kk", pa.string()),
    pa.field("name_en", pa.string()),
    pa.field("dimension", pa.string(), nullable=False),
    pa.field("factor", pa.float64(), nullable=False),
]
UNITS_SCHEMA = pa.schema(_UNIT_FIELDS)
"""The ``units`` table packs read: one row per unit, in its canonical spelling."""


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    """The canonical spelling ingest writes."""
    code: str | None
    """The unit classifier's numeric code, where the file gives one."""
    names: dict[str, str]
    dimension: str
    factor: Decimal
    """How many of the dimension's base unit one of this unit is (kg for mass, m³ for volume)."""
    line: int


@dataclass(frozen=True)
class Units:
    units: tuple[Unit, ...]
    by_key: dict[str, Unit]
    source: str

    def canonical(self, text: str | None) -> str | None:
        """The canonical spelling of ``text``; an unknown spelling trimmed; None stays None."""
        out: str | None = self.canonical_array(pa.array([text], pa.string()))[0].as_py()
        return out

    def lookup(self, text: str) -> Unit | None:
        return self.by_key.get(unit_key(text))

    def same_dimension(self, a: str, b: str) -> bool:
        """Whether two spellings measure the same thing (kg and т do; kg and шт do not)."""
        ua, ub = self.lookup(a), self.lookup(b)
        return ua is not None and ub is not None and ua.dimension == ub.dimension

    def as_table(self) -> pa.Table:
        """The units as the ``units`` table (``UNITS_SCHEMA``) that packs read."""
        rows = [
            {
                "unit": u.unit,
                "code": u.code,
                **{f"name_{lang}": u.names.get(lang) for lang in ("ru", "kk", "en")},
                "dimension": u.dimension,
                "factor": float(u.factor),
            }
            for u in self.units
        ]
        return pa.Table.from_pylist(rows, schema=UNITS_SCHEMA)

    @cached_property
    def _lookup(self) -> tuple[pa.Array[Any], pa.Array[Any]]:
        """Every known key, and the canonical spelling at the same position (built once)."""
        keys = list(self.by_key)
        spelled = [self.by_key[k].unit for k in keys]
        return pa.array(keys, pa.string()), pa.array(spelled, pa.string())

    def canonical_array(self, arr: Arr) -> Arr:
        """``canonical`` over a whole string column (nulls stay null)."""
        keys, spelled = self._lookup
        at = pc.index_in(unit_keys(arr), value_set=keys)
        mapped = _pc.take(spelled, at)
        out: Arr = pc.if_else(pc.is_valid(at), mapped, pc.utf8_trim_whitespace(arr))
        return out

    @classmethod
    def load(cls, path: str | Path | None = None) -> Units:
        """Read a units file (``None``: the shipped ``reference/units.yaml``).

        A malformed entry, or one spelling claimed by two units, fails with the file, the
        line and the field."""
        text, source = read_text(path, "units.yaml")
        doc = load_yaml(text, source)
        units: list[Unit] = []
        by_key: dict[str, Unit] = {}
        for e in entries(doc, "units", source, "unit"):
            e.only(("unit", "code", "name", "dimension", "factor", "aliases"))
            names = e.raw("name")
            if not isinstance(names, dict) or not all(
                isinstance(v, str) and v.strip() for v in names.values()
            ):
                raise e.error("name", "must map languages (ru, kk, en) to names")
            factor = e.decimal("factor")
            if factor <= 0:
                raise e.error("factor", f"must be positive, got {factor}")
            aliases = e.node.get("aliases") or []
            if not isinstance(aliases, list):
                raise e.error("aliases", "must be a list of spellings")
            unit = Unit(
                unit=e.text("unit"),
                code=str(e.raw("code")).strip() if e.has("code") else None,
                names={str(k): str(v) for k, v in names.items()},
                dimension=e.text("dimension"),
                factor=factor,
                line=e.line,
            )
            spellings = [unit.unit, *(str(a) for a in aliases), *names.values()]
            if unit.code:
                spellings.append(unit.code)
            for spelling in spellings:
                key = unit_key(spelling)
                if not key:
                    raise e.error("aliases", f"{spelling!r} is empty once spaces and dots go")
                other = by_key.get(key)
                if other is not None and other is not unit:
                    raise e.error(
                        "aliases",
                        f"{spelling!r} already names {other.unit!r} (line {other.line})",
                    )
                by_key[key] = unit
            units.append(unit)
        if not units:
            raise ReferenceDataError(source, doc.line_of("units"), "units", "lists no unit")
        return cls(tuple(units), by_key, source)


@cache
def default_units() -> Units:
    """The shipped units file, read once."""
    return Units.load()


def canonical_unit(text: str | None) -> str | None:
    """``text``'s canonical spelling by the shipped file (``"PCS"`` → ``"шт"``)."""
    return default_units().canonical(text)
