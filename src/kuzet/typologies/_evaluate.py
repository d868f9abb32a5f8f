"""Detection quality: alerts against the ground truth of a synthetic world, at subject level.

Matching (docs/packs.md, "How evaluation counts"):
- A subject is an ``(object type, id)`` pair. An alert's subject is ``(subject_type,
  subject_id)``; a label's is ``(object_type, object_id)``. No expansion: an alert on an
  account does not count for its holder, nor a label on a person for their accounts.
- For a typology T of family F flagging subjects of type S: positives are the subjects of
  type S labelled with family F; alerted are T's alert subjects.
- For a family F: its subject types are those of F's typologies (from the pack when given,
  else from the alerts); positives are F's labelled subjects of those types; alerted are
  the subjects of all F's alerts. A family that has labels but no typology is reported as
  uncovered: every labelled subject of it is a miss.
- Decoys are not positives: an alerted decoy is a false positive (``fp_decoys`` counts them).
- Overall adds up the families' tp, fp and fn (micro average).
- Runs: ``kuzet monitor`` keeps one alert file per pack and run window. Where windows of the
  same pack nest (an all-time run beside monthly runs, a re-run of one month inside a
  quarter), only the outermost runs count (``counted_runs``), so overlapping runs are not
  pooled and each (typology, subject) counts once; runs over disjoint windows (January,
  February) count together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from kuzet.typologies._compile import ALL_TIME, RunWindow
from kuzet.typologies._model import Pack

Subject = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int
    fp_decoys: int = 0
    covered: bool = True

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "precision": r(self.precision),
            "recall": r(self.recall),
            "f1": r(self.f1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "fp_decoys": self.fp_decoys,
            "covered": self.covered,
        }


def score_sets(alerted: set[Subject], positives: set[Subject], decoys: set[Subject]) -> Score:
    fp = alerted - positives
    return Score(len(alerted & positives), len(fp), len(positives - alerted), len(fp & decoys))


def _rows(table: pa.Table | None, columns: Iterable[str]) -> list[dict[str, Any]]:
    if table is None or table.num_rows == 0:
        return []
    return table.select(list(columns)).to_pylist()


def window_key(run_from: dt.datetime, run_to: dt.datetime) -> str:
    """The ``RunWindow.key`` of a run from its bound timestamps (``all``, ``2026-01-01_…``)."""
    start = None if run_from <= ALL_TIME.run_from else run_from.date()
    end = None if run_to >= ALL_TIME.run_to else (run_to - dt.timedelta(days=1)).date()
    return RunWindow(start, end).key


def _runs(alerts: pa.Table) -> list[tuple[str, dt.datetime, dt.datetime]]:
    runs = alerts.select(["pack_id", "run_from", "run_to"]).group_by(
        ["pack_id", "run_from", "run_to"]
    )
    return [(r["pack_id"], r["run_from"], r["run_to"]) for r in runs.aggregate([]).to_pylist()]


def counted_runs(alerts: pa.Table | None, window: str | None = None) -> pa.Table | None:
    """The alerts that count: of each pack, the runs whose window lies in no other run's.

    With ``window`` (a window key such as ``all`` or ``2026-01-01_2026-01-31``), only the
    runs over exactly that window. Alerts without run columns are returned as they are.
    """
    if alerts is None or not {"pack_id", "run_from", "run_to"} <= set(alerts.column_names):
        return alerts
    runs = _runs(alerts)
    if window is not None:
        keep = [r for r in runs if window_key(r[1], r[2]) == window]
    else:
        keep = [
            r
            for r in runs
            if not any(o != r and o[0] == r[0] and o[1] <= r[1] and r[2] <= o[2] for o in runs)
        ]
    if len(keep) == len(runs):
        return alerts
    wanted = set(keep)
    cols = alerts.select(["pack_id", "run_from", "run_to"]).to_pydict()
    runs_of_rows = zip(cols["pack_id"], cols["run_from"], cols["run_to"], strict=True)
    mask = [run in wanted for run in runs_of_rows]
    return alerts.filter(pa.array(mask, pa.bool_()))


def evaluate(
    alerts: pa.Table | None,
    labels: pa.Table | None,
    decoys: pa.Table | None = None,
    packs: Iterable[Pack] = (),
    *,
    window: str | None = None,
    hits: pa.Table | None = None,
) -> dict[str, Any]:
    """Precision, recall and F1 per family, per typology and overall (see the module doc).

    Alerts of nested runs are not pooled (``counted_runs``); ``window`` picks the runs over
    one window (``runs_counted`` names them). With the runs' ``hits`` and the ``packs``, the
    report also has ``indicators``: each typology against each member indicator alone
    (``indicator_lift``).
    """
    packs = list(packs)
    alerts = counted_runs(alerts, window)
    alert_rows = _rows(alerts, ["typology_id", "family", "subject_type", "subject_id"])
    labelled: dict[str, set[Subject]] = defaultdict(set)
    for r in _rows(labels, ["family", "object_type", "object_id"]):
        labelled[r["family"]].add((r["object_type"], str(r["object_id"])))
    decoy_set = {
        (r["object_type"], str(r["object_id"])) for r in _rows(decoys, ["object_type", "object_id"])
    }

    typologies: dict[str, tuple[str, str]] = {}  # id → (family, subject type)
    for pack in packs:
        typologies.update({t.id: (t.family, t.subject) for t in pack.typologies.values()})
    for r in alert_rows:
        typologies.setdefault(r["typology_id"], (r["family"], r["subject_type"]))
    alerted_by_typology: dict[str, set[Subject]] = defaultdict(set)
    for r in alert_rows:
        alerted_by_typology[r["typology_id"]].add((r["subject_type"], r["subject_id"]))

    per_typology: dict[str, Score] = {}
    for tid, (family, subject) in sorted(typologies.items()):
        positives = {s for s in labelled[family] if s[0] == subject}
        per_typology[tid] = score_sets(alerted_by_typology[tid], positives, decoy_set)

    per_family: dict[str, Score] = {}
    families = sorted({f for f, _ in typologies.values()} | set(labelled))
    for family in families:
        types = {s for f, s in typologies.values() if f == family}
        alerted: set[Subject] = set()
        for tid, (f, _) in typologies.items():
            if f == family:
                alerted |= alerted_by_typology[tid]
        if types:
            positives = {s for s in labelled[family] if s[0] in types}
            per_family[family] = score_sets(alerted, positives, decoy_set)
        else:
            per_family[family] = Score(0, 0, len(labelled[family]), covered=False)

    overall = Score(
        sum(s.tp for s in per_family.values()),
        sum(s.fp for s in per_family.values()),
        sum(s.fn for s in per_family.values()),
        sum(s.fp_decoys for s in per_family.values()),
    )
    report: dict[str, Any] = {
        "families": {f: s.as_dict() for f, s in per_family.items()},
        "typologies": {
            t: {**s.as_dict(), "family": typologies[t][0], "subject": typologies[t][1]}
            for t, s in per_typology.items()
        },
        "overall": overall.as_dict(),
    }
    if hits is not None and packs:
        report["indicators"] = indicator_lift(
            counted_runs(hits, window), labelled, decoy_set, packs, per_typology
        )
    return report


def indicator_lift(
    hits: pa.Table | None,
    labelled: Mapping[str, set[Subject]],
    decoys: set[Subject],
    packs: Iterable[Pack],
    per_typology: Mapping[str, Score],
) -> dict[str, Any]:
    """Each typology against each of its member indicators used alone.

    An indicator alone flags every subject it fired on (any hit, whatever its score), of
    the typology's subject type; positives are the typology's (its family's labelled
    subjects of that type). ``lift`` is the typology's F1 minus its best member's: a
    typology that combines its indicators well beats every one of them (``lift > 0``).
    """
    fired: dict[str, set[Subject]] = defaultdict(set)
    for r in _rows(hits, ["indicator_id", "subject_type", "subject_id"]):
        fired[r["indicator_id"]].add((r["subject_type"], str(r["subject_id"])))
    out: dict[str, Any] = {}
    for pack in packs:
        for t in pack.typologies.values():
            positives = {s for s in labelled.get(t.family, set()) if s[0] == t.subject}
            members = {
                m.indicator: score_sets(
                    {s for s in fired[m.indicator] if s[0] == t.subject}, positives, decoys
                )
                for m in t.members
            }
            scored = [(s.f1, i) for i, s in members.items() if s.f1 is not None]
            best_f1, best = max(scored, default=(None, None))
            own = per_typology.get(t.id)
            own_f1 = own.f1 if own else None
            out[t.id] = {
                "f1": None if own_f1 is None else round(own_f1, 4),
                "best_indicator": best,
                "best_indicator_f1": None if best_f1 is None else round(best_f1, 4),
                "lift": None if own_f1 is None or best_f1 is None else round(own_f1 - best_f1, 4),
                "members": {i: s.as_dict() for i, s in members.items()},
            }
    return out


def runs_counted(alerts: pa.Table | None, window: str | None = None) -> list[dict[str, str]]:
    """``[{"pack", "window"}]`` of the runs ``evaluate`` counts for these alerts."""
    alerts = counted_runs(alerts, window)
    if alerts is None or not {"pack_id", "run_from", "run_to"} <= set(alerts.column_names):
        return []
    return [
        {"pack": p, "window": window_key(f, t)}
        for p, f, t in sorted(_runs(alerts), key=lambda r: (r[0], r[1], r[2]))
    ]
