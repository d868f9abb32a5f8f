"""Ring detection quality against a synthetic world's labels, beside the rule alerts.

How it counts (docs/benchmarks.md repeats it):
- A planted scheme of family F (``MULE``, ``LAYER``) is the set of accounts labelled with its
  ``scheme_id``. It is **found** when one ring holds at least half of those accounts.
- A ring is **correct** when at least half of its members are labelled accounts of a MULE or
  LAYER scheme (``ring_precision``), or of any scheme (``ring_precision_any``).
- Only a ring's *core* members are counted (flagged, and weighed for correctness and for
  finding a scheme): roles ``mule`` and ``organiser``, tied to the ring by money that passes
  through it. ``linked`` members (a shared device or phone, or a minor payee) and
  ``cash_out`` members (where the money leaves as cash or abroad: on the tuning seeds mostly
  accounts of cash-out platforms that drops pay, another family) are context for the
  analyst, reported as ``context_members``, not accused. Tables without a ``role`` column
  count every member.
- Account level: the flagged accounts are the core members of every ring (at or above
  ``min_score``); the positives of F are F's labelled accounts. Recall is per family;
  precision is over MULE and LAYER together (rings do not say which family they are), and
  against any label.
- Rule alerts: the accounts the pack's F typologies alerted on (``subject_type`` account),
  scored as ``kuzet evaluate`` scores a family; ``rules+rings`` flags the union.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

FAMILIES = ("MULE", "LAYER")
MIN_SCORE = 0.5
"""Rings scoring below this are not counted as found (chosen on seed 4343, not on the seeds
the figures in docs/benchmarks.md are reported on)."""
CORE_ROLES = frozenset({"mule", "organiser"})
"""Roles counted as flagged; ``linked`` and ``cash_out`` members are context (module doc)."""


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _score(flagged: set[int], positives: set[int]) -> dict[str, Any]:
    tp = len(flagged & positives)
    return {
        "precision": _ratio(tp, len(flagged)),
        "recall": _ratio(tp, len(positives)),
        "tp": tp,
        "fp": len(flagged - positives),
        "fn": len(positives - flagged),
    }


def evaluate_rings(
    rings: pa.Table | None,
    labels: pa.Table,
    alerts: pa.Table | None = None,
    *,
    min_score: float = MIN_SCORE,
) -> dict[str, Any]:
    """Ring- and account-level precision and recall for MULE and LAYER (see module doc)."""
    schemes: dict[str, set[int]] = defaultdict(set)
    family_of: dict[str, str] = {}
    any_label: set[int] = set()
    for r in labels.select(["scheme_id", "family", "object_type", "object_id"]).to_pylist():
        if r["object_type"] != "account":
            continue
        any_label.add(r["object_id"])
        if r["family"] in FAMILIES:
            schemes[r["scheme_id"]].add(r["object_id"])
            family_of[r["scheme_id"]] = r["family"]
    members: dict[str, set[int]] = defaultdict(set)
    context: set[int] = set()
    if rings is not None:
        cols = ["ring_id", "account_id", "ring_score"]
        has_role = "role" in rings.column_names
        for r in rings.select([*cols, "role"] if has_role else cols).to_pylist():
            if (r["ring_score"] or 0.0) < min_score:
                continue
            if has_role and r["role"] not in CORE_ROLES:
                context.add(r["account_id"])
            else:
                members[r["ring_id"]].add(r["account_id"])
    target = set().union(*schemes.values()) if schemes else set()
    flagged = set().union(*members.values()) if members else set()
    correct = sum(1 for m in members.values() if 2 * len(m & target) >= len(m))
    correct_any = sum(1 for m in members.values() if 2 * len(m & any_label) >= len(m))
    out: dict[str, Any] = {
        "min_score": min_score,
        "rings": len(members),
        "ring_members": len(flagged),
        "context_members": len(context - flagged),
        "ring_precision": _ratio(correct, len(members)),
        "ring_precision_any": _ratio(correct_any, len(members)),
        "account_precision": _ratio(len(flagged & target), len(flagged)),
        "account_precision_any": _ratio(len(flagged & any_label), len(flagged)),
        "families": {},
    }
    alerted = _alerted(alerts)
    for family in FAMILIES:
        ids = [s for s, f in family_of.items() if f == family]
        found = sum(
            1
            for s in ids
            if any(2 * len(m & schemes[s]) >= len(schemes[s]) for m in members.values())
        )
        positives = set().union(*(schemes[s] for s in ids)) if ids else set()
        rules = alerted.get(family, set())
        out["families"][family] = {
            "schemes": len(ids),
            "schemes_found": found,
            "ring_recall": _ratio(found, len(ids)),
            "accounts": len(positives),
            "rings": _score(flagged, positives),
            "rules": _score(rules, positives),
            "rules+rings": _score(rules | flagged, positives),
        }
    return out


def _alerted(alerts: pa.Table | None) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    if alerts is None or alerts.num_rows == 0:
        return out
    for r in alerts.select(["family", "subject_type", "subject_id"]).to_pylist():
        if r["subject_type"] == "account" and r["family"] in FAMILIES:
            out[r["family"]].add(int(r["subject_id"]))
    return out
