"""Reading the reference data files of ``kuzet/model/reference`` (and a bank's replacements).

Facts that the domain brief marks [UNCERTAIN] or that change by decree (exchange rates, MCI,
thresholds, holidays) live in data files, so a bank fixes them without touching code. A
broken file must then fail with one message that names the file, the line and the field:
this module gives every loader that message, and a YAML loader that remembers lines and
keeps dates as text (PyYAML would otherwise parse ``2024-02-30`` itself and fail without
saying where).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class ReferenceDataError(ValueError):
    """A reference data file is malformed; the message names file, line and field."""

    def __init__(self, source: str, line: int | None, field: str | None, problem: str) -> None:
        where = source
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.line = line
        self.field = field
        self.problem = problem


def read_text(path: str | Path | None, default: str) -> tuple[str, str]:
    """The text of ``path`` (or of the shipped ``reference/<default>``) and a name for errors."""
    if path is None:
        ref = resources.files("kuzet.model").joinpath("reference", default)
        source = f"kuzet/model/reference/{default}"
        data = ref.read_bytes()
    else:
        source = str(path)
        data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig"), source  # a byte-order mark is not data
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReferenceDataError(source, line, None, "not UTF-8 text") from None


class YamlMap(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as strings and records line numbers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    out = YamlMap()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in out:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r} (first on line {out.key_lines[key]})",
                problem_mark=key_node.start_mark,
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, source: str) -> YamlMap:
    """Parse a YAML document whose top level is a mapping; syntax errors name the line."""
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ReferenceDataError(source, line, None, str(e.problem or e.context)) from None
    except yaml.YAMLError as e:
        raise ReferenceDataError(source, None, None, str(e)) from None
    if not isinstance(data, YamlMap):
        raise ReferenceDataError(source, 1, None, "the top level must be a mapping")
    return data


class Entry:
    """One YAML mapping of a reference file, with typed getters that fail with its line."""

    def __init__(self, node: object, source: str, line: int, what: str) -> None:
        if not isinstance(node, YamlMap):
            raise ReferenceDataError(source, line, None, f"{what} must be a mapping")
        self.node = node
        self.source = source
        self.what = what

    @property
    def line(self) -> int:
        return self.node.line

    def error(self, field: str | None, problem: str) -> ReferenceDataError:
        line = self.node.line_of(field) if field is not None else self.node.line
        return ReferenceDataError(self.source, line, field, problem)

    def only(self, allowed: Iterable[str]) -> None:
        """Reject fields this file format does not know (typos would otherwise be ignored)."""
        known = set(allowed)
        for key in self.node:
            if key not in known:
                raise self.error(
                    key, f"unknown field; {self.what} takes {', '.join(sorted(known))}"
                )

    def has(self, field: str) -> bool:
        return self.node.get(field) is not None

    def raw(self, field: str) -> Any:
        if self.node.get(field) is None:
            raise self.error(field, f"missing; every {self.what} needs it")
        return self.node[field]

    def text(self, field: str, default: str | None = None) -> str:
        if not self.has(field) and default is not None:
            return default
        value = self.raw(field)
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"must be non-empty text, got {value!r}")
        return value.strip()

    def choice(self, field: str, choices: Iterable[str], default: str | None = None) -> str:
        options = tuple(choices)
        value = self.text(field, default)
        if value not in options:
            raise self.error(field, f"is {value!r}, expected one of {', '.join(options)}")
        return value

    def date(self, field: str) -> dt.date:
        return parse_date(self.raw(field), lambda problem: self.error(field, problem))

    def optional_date(self, field: str) -> dt.date | None:
        return self.date(field) if self.has(field) else None

    def integer(self, field: str) -> int:
        value = self.raw(field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be a whole number, got {value!r}")
        return value

    def decimal(self, field: str) -> Decimal:
        value = self.raw(field)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.error(field, f"must be a number, got {value!r}")
        try:
            out = Decimal(str(value).replace("_", ""))
        except InvalidOperation:
            raise self.error(field, f"must be a number, got {value!r}") from None
        if not out.is_finite():
            raise self.error(field, f"must be a finite number, got {value!r}")
        return out

    def flag(self, field: str, default: bool = False) -> bool:
        if not self.has(field):
            return default
        value = self.raw(field)
        if not isinstance(value, bool):
            raise self.error(field, f"must be true or false, got {value!r}")
        return value


def as_date(on: dt.date) -> dt.date:
    """A plain date: a ``datetime`` becomes its own (wall-clock) date, so comparisons work."""
    return on.date() if isinstance(on, dt.datetime) else on


def parse_date(value: object, error: Callable[[str], ReferenceDataError]) -> dt.date:
    """An ISO date (``YYYY-MM-DD``) or ``error(problem)`` raised."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error(f"must be a date YYYY-MM-DD, got {value!r}")


def entries(doc: YamlMap, key: str, source: str, what: str) -> list[Entry]:
    """The list under ``key`` of a YAML document, as entries (an error if it is not a list)."""
    items = doc.get(key)
    if not isinstance(items, list):
        raise ReferenceDataError(source, doc.line_of(key), key, f"must be a list of {what}s")
    return [Entry(item, source, doc.line_of(key), what) for item in items]
