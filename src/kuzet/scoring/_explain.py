"""Reasons in words: each score's top contributing features, with the typical value beside.

LightGBM's ``pred_contrib`` splits a score (in log-odds) into one contribution per feature
plus a bias; they sum to the raw score exactly. The reasons are the features that pushed the
score up the most, each written with its feature's sentence and the median over the training
accounts, e.g. "received from 37 distinct senders within 7 days (typical: 2)".
"""

from __future__ import annotations

import math
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kuzet.scoring._data import F64, Describes


@dataclass(frozen=True, slots=True)
class Reason:
    feature: str
    value: float
    typical: float
    contribution: float
    """Log-odds added to the score by this feature."""
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "value": self.value,
            "typical": self.typical,
            "contribution": round(self.contribution, 4),
            "text": self.text,
        }


def _value_format(text: str) -> str:
    for _, name, spec, _ in string.Formatter().parse(text):
        if name == "value":
            return spec or ""
    return ""


def describe(feature: str, value: float, typical: float, spec: Describes | None) -> str:
    """One feature's sentence for ``value``, with the typical value formatted alike."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{feature}: no value"
    if spec is None:
        return f"{feature} = {value:g} (typical: {typical:g})"
    fmt = _value_format(spec.text)
    try:
        typ = format(typical, fmt)
        return f"{spec.text.format(value=value)} (typical: {typ})"
    except (ValueError, TypeError):
        return f"{spec.text.format(value=value)} (typical: {typical:g})"


def explain_rows(
    x: F64,
    contributions: F64,
    columns: Sequence[str],
    specs: Mapping[str, Describes],
    typical: Mapping[str, float],
    top: int = 3,
) -> list[list[Reason]]:
    """Each row's ``top`` features with the largest positive contributions, in words."""
    if contributions.shape[1] != len(columns) + 1:
        raise ValueError("contributions must have one column per feature plus the bias")
    out: list[list[Reason]] = []
    per_feature = contributions[:, :-1]
    order = np.argsort(-per_feature, axis=1, kind="stable")[:, :top]
    for i in range(x.shape[0]):
        reasons = []
        for j in order[i]:
            c = float(per_feature[i, j])
            if c <= 0:
                break
            name = columns[j]
            v, t = float(x[i, j]), float(typical.get(name, float("nan")))
            reasons.append(Reason(name, v, t, c, describe(name, v, t, specs.get(name))))
        out.append(reasons)
    return out
