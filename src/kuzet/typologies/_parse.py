"""YAML → ``Pack``, checking structure (not SQL) and naming the line of every problem.

The first problem found raises one ``PackError`` naming the file, the line, the indicator or
typology and what is wrong. Unknown keys are errors: a misspelt ``tunable`` must not silently
make a parameter fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import yaml

from kuzet.model.schemas import FAMILIES, REFERENCE_TABLES, TABLES
from kuzet.typologies._model import (
    COMBINE_RULES,
    LANGUAGES,
    PARAM_TYPES,
    RUN_PARAMETERS,
    SUBJECT_TYPES,
    Feature,
    Indicator,
    Member,
    Pack,
    PackError,
    Parameter,
    SignCode,
    Typology,
)
from kuzet.typologies._params import coerce, infer_type, out_of_bounds

PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
INDICATOR_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,}[a-z]?$")
TYPOLOGY_ID = re.compile(r"^[A-Z][A-Z0-9_-]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_TABLES = frozenset({"alerts", "indicator_hits"})

Path_ = tuple[str | int, ...]


def _lines(node: yaml.Node, path: Path_ = ()) -> dict[Path_, tuple[int, int]]:
    """``path → (line of the value, first line of its text)`` for every node (1-based).

    The second number differs for block scalars (``sql: |``), whose text starts on the
    line after the indicator: that is the line SQL error positions count from.
    """
    first = node.start_mark.line + 1
    text = first + 1 if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") else first
    out: dict[Path_, tuple[int, int]] = {path: (first, text)}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out.update(_lines(value, (*path, str(key.value))))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out.update(_lines(item, (*path, i)))
    return out


class _Reader:
    """Walks the loaded YAML with the path it is at, so every error can name its line."""

    def __init__(self, path: Path, lines: dict[Path_, tuple[int, int]]) -> None:
        self.path = path
        self.lines = lines

    def line(self, at: Path_) -> int | None:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, (None, None))[0]

    def text_line(self, at: Path_) -> int | None:
        return self.lines.get(at, (None, None))[1]

    def fail(self, where: str, problem: str, at: Path_) -> NoReturn:
        raise PackError(self.path, where, problem, self.line(at))

    def mapping(self, value: Any, where: str, at: Path_, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "expected a mapping of keys to values", at)
        unknown = sorted(set(map(str, value)) - keys)
        if unknown:
            self.fail(where, f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(keys))}", at)
        return {str(k): v for k, v in value.items()}

    def text(self, d: Mapping[str, Any], key: str, where: str, at: Path_, *, req: bool) -> str:
        value = d.get(key)
        if value is None:
            if req:
                self.fail(where, f"{key} is required", at)
            return ""
        if not isinstance(value, str) or (req and not value.strip()):
            self.fail(where, f"{key} must be a non-empty string (quote it)", (*at, key))
        return value

    def date(self, value: Any, where: str, at: Path_, what: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(where, f"{what} must be a date (YYYY-MM-DD), got {value!r}", at)

    def titles(self, value: Any, where: str, at: Path_) -> dict[str, str]:
        d = self.mapping(value, where, at, set(LANGUAGES))
        for lang in LANGUAGES:
            if not isinstance(d.get(lang), str) or not d[lang].strip():
                self.fail(where, f"title.{lang} is required (titles in kk, ru and en)", at)
        return d

    def items(self, value: Any, where: str, at: Path_) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, "expected a list", at)
        return value


def _bound(r: _Reader, ptype: str, value: Any, where: str, at: Path_) -> float | dt.date | None:
    key = str(at[-1])
    if value is None:
        return None
    if ptype in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            r.fail(where, f"{key} must be a number", at)
        return value
    if ptype == "date":
        return r.date(value, where, at, key)
    r.fail(where, f"{key} applies only to numbers and dates, not {ptype}", at)


def _parameter(r: _Reader, name: str, raw: Any, where: str, at: Path_) -> Parameter:
    if not SNAKE.match(name):
        r.fail(where, f"parameter name {name!r} must be lower_snake_case", at)
    if name in RUN_PARAMETERS:
        r.fail(where, f"parameter {name!r} is reserved: the runner binds it", at)
    where = f"{where}: parameter {name}"
    d = r.mapping(raw, where, at, {"type", "default", "min", "max", "tunable", "description"})
    if d.get("default") is None:
        r.fail(where, "default is required", at)
    ptype = d.get("type") or infer_type(d["default"])
    if ptype not in PARAM_TYPES:
        r.fail(where, f"type must be one of {', '.join(PARAM_TYPES)}, got {ptype!r}", at)
    try:
        default = coerce(ptype, d["default"])
    except ValueError as e:
        r.fail(where, f"default: {e}", (*at, "default"))
    tunable = d.get("tunable", False)
    if not isinstance(tunable, bool):
        r.fail(where, "tunable must be true or false", (*at, "tunable"))
    param = Parameter(
        name,
        ptype,
        default,
        _bound(r, ptype, d.get("min"), where, (*at, "min")),
        _bound(r, ptype, d.get("max"), where, (*at, "max")),
        tunable,
        d.get("description") or "",
    )
    problem = out_of_bounds(param, default)
    if problem:
        r.fail(where, f"default {problem}", (*at, "default"))
    return param


# ── sections ───────────────────────────────────────────────────────────────────────────
def _feature(r: _Reader, raw: Any, at: Path_) -> Feature:
    d = r.mapping(raw, "feature", at, {"id", "description", "sql"})
    fid = d.get("id")
    if not isinstance(fid, str) or not SNAKE.match(fid):
        r.fail("feature", f"id must be a lower_snake_case table name, got {fid!r}", at)
    where = f"feature {fid}"
    if fid in TABLES or fid in REFERENCE_TABLES or fid in RESERVED_TABLES:
        r.fail(where, f"id {fid!r} is already a table name; choose another", (*at, "id"))
    sql = r.text(d, "sql", where, at, req=True)
    line = r.line(at)
    return Feature(fid, sql, d.get("description") or "", line, r.text_line((*at, "sql")))


def _sign_codes(r: _Reader, raw: Any, where: str, at: Path_) -> tuple[SignCode, ...]:
    if isinstance(raw, str | int):
        return (SignCode(str(raw)),)
    out = []
    for i, item in enumerate(r.items(raw, where, at)):
        d = r.mapping(item, f"{where}: afm_sign_codes", (*at, i), {"code", "from", "to"})
        if d.get("code") is None or not isinstance(d["code"], str | int):
            r.fail(where, "afm_sign_codes: code is required (quote it)", (*at, i))
        lo = r.date(d.get("from"), where, (*at, i, "from"), "from")
        hi = r.date(d.get("to"), where, (*at, i, "to"), "to")
        if lo and hi and lo > hi:
            r.fail(where, f"afm_sign_codes: from {lo} is after to {hi}", (*at, i))
        out.append(SignCode(str(d["code"]), lo, hi))
    return tuple(out)


def _indicator(r: _Reader, raw: Any, at: Path_) -> Indicator:
    keys = {"id", "title", "subject", "legal_ref", "afm_sign_codes", "evidence"}
    keys |= {"params", "sql", "description"}
    d = r.mapping(raw, "indicator", at, keys)
    iid = d.get("id")
    if not isinstance(iid, str) or not INDICATOR_ID.match(iid):
        r.fail("indicator", f"id must look like MULE-01, got {iid!r}", at)
    where = f"indicator {iid}"
    titles = r.titles(d.get("title"), where, (*at, "title"))
    subject = d.get("subject")
    if subject not in SUBJECT_TYPES:
        r.fail(where, f"subject must be one of {', '.join(SUBJECT_TYPES)}, got {subject!r}", at)
    evidence = d.get("evidence", "transactions")
    if evidence not in TABLES:
        r.fail(where, f"evidence must name a canonical table, got {evidence!r}", at)
    raw_params = d.get("params") or {}
    if not isinstance(raw_params, dict):
        r.fail(where, "params must map names to their declarations", (*at, "params"))
    params = {
        str(name): _parameter(r, str(name), spec, where, (*at, "params", str(name)))
        for name, spec in raw_params.items()
    }
    return Indicator(
        id=iid,
        titles=titles,
        subject=str(subject),
        sql=r.text(d, "sql", where, at, req=True),
        params=params,
        legal_ref=r.text(d, "legal_ref", where, at, req=False),
        sign_codes=_sign_codes(r, d.get("afm_sign_codes"), where, (*at, "afm_sign_codes")),
        evidence=str(evidence),
        description=d.get("description") or "",
        line=r.line(at),
        sql_line=r.text_line((*at, "sql")),
    )


def max_combined(combine: str, weights: list[float]) -> float:
    """The score a subject gets when every member fires with score 1."""
    if combine == "max":
        return max(weights, default=0.0)
    if combine == "noisy_or":
        return 1.0 - math.prod(1.0 - w for w in weights)
    return min(1.0, sum(weights))


def _member(
    r: _Reader, item: Any, where: str, at: Path_, combine: str, indicators: Mapping[str, Indicator]
) -> Member:
    m = r.mapping(item, where, at, {"id", "weight", "required"})
    mid = m.get("id")
    if mid not in indicators:
        r.fail(where, f"indicator {mid!r} is not defined in this pack", at)
    weight = m.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        r.fail(where, f"indicator {mid}: weight must be a positive number", at)
    if combine != "weighted_sum" and weight > 1:
        r.fail(where, f"indicator {mid}: weight must be ≤ 1 for {combine}", at)
    required = m.get("required", False)
    if not isinstance(required, bool):
        r.fail(where, f"indicator {mid}: required must be true or false", at)
    return Member(str(mid), float(weight), required)


def _typology(r: _Reader, raw: Any, at: Path_, indicators: Mapping[str, Indicator]) -> Typology:
    keys = {"id", "family", "title", "combine", "threshold", "indicators", "description"}
    d = r.mapping(raw, "typology", at, keys)
    tid = d.get("id")
    if not isinstance(tid, str) or not TYPOLOGY_ID.match(tid):
        r.fail("typology", f"id must be UPPER_SNAKE_CASE, got {tid!r}", at)
    where = f"typology {tid}"
    family = d.get("family")
    if family not in FAMILIES:
        r.fail(where, f"family must be one of {', '.join(FAMILIES)}, got {family!r}", at)
    combine = d.get("combine")
    if combine not in COMBINE_RULES:
        r.fail(where, f"combine must be one of {', '.join(COMBINE_RULES)}, got {combine!r}", at)
    threshold = d.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        r.fail(where, "threshold is required: a number in (0, 1]", at)
    if not 0 < threshold <= 1:
        r.fail(where, f"threshold must be in (0, 1], got {threshold}", (*at, "threshold"))
    raw_members = r.items(d.get("indicators"), where, (*at, "indicators"))
    members: list[Member] = []
    for i, item in enumerate(raw_members):
        member = _member(r, item, where, (*at, "indicators", i), str(combine), indicators)
        if any(x.indicator == member.indicator for x in members):
            r.fail(where, f"indicator {member.indicator} is listed twice", (*at, "indicators", i))
        members.append(member)
    if not members:
        r.fail(where, "lists no indicators", at)
    subjects = {indicators[m.indicator].subject for m in members}
    if len(subjects) != 1:
        kinds = ", ".join(f"{m.indicator}: {indicators[m.indicator].subject}" for m in members)
        r.fail(where, f"indicators must flag one subject type to combine ({kinds})", at)
    best = max_combined(str(combine), [m.weight for m in members])
    if best < threshold - 1e-9:
        r.fail(where, f"can never alert: the highest combined score is {best:.3f}", at)
    return Typology(
        id=tid,
        family=str(family),
        titles=r.titles(d.get("title"), where, (*at, "title")),
        combine=str(combine),
        threshold=float(threshold),
        members=tuple(members),
        subject=subjects.pop(),
        description=d.get("description") or "",
        line=r.line(at),
    )


def _unique(r: _Reader, kind: str, ids: list[str], section: str) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            r.fail(f"{kind} {x}", "is defined twice", (section, i))
        seen.add(x)


def parse_pack(text: str | bytes, path: str | Path = "<pack>") -> Pack:
    """Read a pack from YAML text and check its structure (its SQL is checked by validate)."""
    path = Path(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        node = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
        raw = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise PackError(path, "", f"not UTF-8 text: {e}") from None
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise PackError(path, "", f"not valid YAML: {e.problem}", line) from None
    r = _Reader(path, _lines(node) if node is not None else {})
    keys = {"id", "issuer", "version", "effective_from", "effective_to", "description"}
    d = r.mapping(raw, "pack", (), keys | {"features", "indicators", "typologies"})
    pid = d.get("id")
    if not isinstance(pid, str) or not PACK_ID.match(pid):
        r.fail("pack", f"id must be lower-case letters, digits, '.', '_' or '-', got {pid!r}", ())
    if not isinstance(d.get("version"), str) or not d["version"].strip():
        r.fail("pack", 'version is required and must be a quoted string, e.g. "2026.1"', ())
    effective_from = r.date(d.get("effective_from"), "pack", ("effective_from",), "effective_from")
    if effective_from is None:
        r.fail("pack", "effective_from is required", ())
    effective_to = r.date(d.get("effective_to"), "pack", ("effective_to",), "effective_to")
    if effective_to and effective_to < effective_from:
        r.fail("pack", "effective_to is before effective_from", ("effective_to",))

    features = [
        _feature(r, f, ("features", i))
        for i, f in enumerate(r.items(d.get("features"), "pack", ("features",)))
    ]
    _unique(r, "feature", [f.id for f in features], "features")
    raw_indicators = r.items(d.get("indicators"), "pack", ("indicators",))
    indicators = [_indicator(r, x, ("indicators", i)) for i, x in enumerate(raw_indicators)]
    _unique(r, "indicator", [x.id for x in indicators], "indicators")
    if not indicators:
        r.fail("pack", "defines no indicators", ())
    by_id = {x.id: x for x in indicators}
    raw_typologies = r.items(d.get("typologies"), "pack", ("typologies",))
    typologies = [_typology(r, t, ("typologies", i), by_id) for i, t in enumerate(raw_typologies)]
    _unique(r, "typology", [t.id for t in typologies], "typologies")
    return Pack(
        id=pid,
        issuer=r.text(d, "issuer", "pack", (), req=True),
        version=d["version"].strip(),
        effective_from=effective_from,
        effective_to=effective_to,
        features={f.id: f for f in features},
        indicators=by_id,
        typologies={t.id: t for t in typologies},
        path=path,
        digest=hashlib.sha256(data).hexdigest(),
        description=d.get("description") or "",
    )
