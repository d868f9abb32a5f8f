"""A monitoring run: one pack over one workspace and window, on whichever backend is given.

The runner asks the backend to register the canonical tables, materialise the pack's
features once (in dependency order), and run each indicator. A failing feature or indicator
is recorded with its SQL and the run goes on; indicators that read a failed feature are
skipped with that reason. Each indicator's rows become an Arrow table of hits, which are
combined into alerts column-wise in Python (``_combine``), the same on every engine; both
are written for the window, replacing an earlier run of the same pack over it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from kuzet.engine import Backend, EngineError, StepTiming, step_totals
from kuzet.model.schemas import REFERENCE_TABLES
from kuzet.typologies._alerts import write_run
from kuzet.typologies._combine import combine, hits_from_rows, hits_table
from kuzet.typologies._compile import (
    ALL_TIME,
    RunWindow,
    compile_feature,
    compile_indicator,
    feature_steps,
    resolve_params,
)
from kuzet.typologies._model import Pack
from kuzet.typologies._validate import validate_pack
from kuzet.workspace import Workspace

log = logging.getLogger("kuzet.typologies.runner")


@dataclass(frozen=True, slots=True)
class Failure:
    """A feature or indicator that produced nothing, with the SQL an author can try."""

    step: str
    error: str
    sql: str = ""


@dataclass(slots=True)
class RunResult:
    pack: Pack
    window: RunWindow
    engine: str
    hits: pa.Table
    alerts: pa.Table
    failures: list[Failure] = field(default_factory=list)
    timings: list[StepTiming] = field(default_factory=list)
    paths: tuple[Path, Path] | None = None

    def summary(self) -> list[dict[str, Any]]:
        """Per typology: family, alerts, distinct subjects, top score."""
        rows = self.alerts.select(["typology_id", "subject_id", "score"]).to_pylist()
        out = []
        for t in self.pack.typologies.values():
            mine = [r for r in rows if r["typology_id"] == t.id]
            out.append(
                {
                    "typology": t.id,
                    "family": t.family,
                    "subject": t.subject,
                    "alerts": len(mine),
                    "subjects": len({r["subject_id"] for r in mine}),
                    "max_score": max((r["score"] for r in mine), default=None),
                }
            )
        return out

    def slowest_steps(self, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` steps (features, indicators) that took longest, seconds summed per step."""
        walls = [(step, wall) for step, (wall, _) in step_totals(self.timings).items()]
        return sorted(walls, key=lambda kv: -kv[1])[:n]

    def hits_by_indicator(self) -> dict[str, int]:
        counts = dict.fromkeys(self.pack.indicators, 0)
        for i in self.hits.column("indicator_id").to_pylist():
            counts[str(i)] += 1
        return counts


def _needs(pack: Pack) -> dict[str, set[str]]:
    """Features each feature or indicator reads, directly or through other features."""
    direct = {k: set(v.tables) & set(pack.features) for k, v in validate_pack(pack).items()}
    closed: dict[str, set[str]] = {}

    def close(key: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if key not in closed:
            out = set(direct.get(key, ()))
            for f in direct.get(key, ()):
                if f not in seen:
                    out |= close(f, seen | {key})
            closed[key] = out
        return closed[key]

    return {k: close(k) for k in direct}


def indicator_tables(pack: Pack) -> dict[str, set[str]]:
    """Canonical tables each indicator reads, itself or through the features it needs
    (Kuzet's reference tables left out: they come with Kuzet, never empty)."""
    checked = validate_pack(pack)
    needs = _needs(pack)
    not_canonical = set(pack.features) | set(REFERENCE_TABLES)
    return {
        i: {t for k in (i, *needs.get(i, ())) for t in checked[k].tables} - not_canonical
        for i in pack.indicators
    }


def run_pack(
    backend: Backend,
    workspace: Workspace,
    pack: Pack,
    *,
    window: RunWindow = ALL_TIME,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    write: bool = True,
) -> RunResult:
    """Run every indicator of ``pack``, combine per typology, and (if ``write``) store it."""
    overrides = overrides or {}
    needs = _needs(pack)
    failures: list[Failure] = []
    failed: set[str] = set()
    first_timing = len(backend.timings)
    backend.register_workspace(workspace)

    for step in feature_steps(pack, backend.dialect, window=window):
        fid = step.output_table_name
        broken = needs[fid] & failed
        if broken:
            failed.add(fid)
            failures.append(Failure(step.label, f"skipped: feature {sorted(broken)[0]} failed"))
            continue
        try:
            backend.materialise(fid, step.sql, step=step.label)
        except EngineError as e:
            failed.add(fid)
            failures.append(Failure(step.label, e.cause, step.sql))

    checked = validate_pack(pack)  # validated already: its parsed trees spare a parse
    hits: list[pa.Table] = []
    for ind in pack.indicators.values():
        broken = needs[ind.id] & failed
        if broken:
            failures.append(Failure(ind.id, f"skipped: feature {sorted(broken)[0]} failed"))
            continue
        params = resolve_params(ind, overrides.get(ind.id), path=str(pack.path))
        sql = compile_indicator(
            ind, backend.dialect, overrides.get(ind.id), window=window, parsed=checked[ind.id].tree
        )
        try:
            rows = backend.query(sql, step=ind.id)
            hits.append(hits_from_rows(rows, pack, ind, params, window))
        except EngineError as e:
            failures.append(Failure(ind.id, e.cause, sql))
        except (ValueError, KeyError, TypeError, pa.ArrowException) as e:
            failures.append(Failure(ind.id, f"bad result: {e}", sql))

    for fid in pack.features:
        if fid not in failed:
            try:
                backend.drop(fid)
            except EngineError as e:  # a leftover temp table harms nothing; say so and go on
                log.warning("could not drop feature table %s: %s", fid, e.cause)

    all_hits = hits_table(hits)
    result = RunResult(
        pack=pack,
        window=window,
        engine=backend.name,
        hits=all_hits,
        alerts=combine(pack, all_hits, window),
        failures=failures,
        timings=backend.timings[first_timing:],
    )
    if write:
        result.paths = write_run(workspace, pack.id, window.key, result.alerts, result.hits)
    return result


def explain_sql(pack: Pack, indicator_id: str, dialect: str, window: RunWindow = ALL_TIME) -> str:
    """An indicator with the features it reads, as the statements a run would execute."""
    ind = pack.indicator(indicator_id)
    needed = _needs(pack)[indicator_id]
    parts = [
        f"-- feature {f.id}\n{compile_feature(f, dialect, window=window, pretty=True)};"
        for f in pack.features.values()
        if f.id in needed
    ]
    parts.append(f"-- {ind.id}\n{compile_indicator(ind, dialect, window=window, pretty=True)};")
    return "\n\n".join(parts)
