"""Training: the time split, the two-stage LightGBM model, thresholds and metrics.

Protocol (the same in ``kuzet model train`` and in ``bench/amlsim.py``):

1. **Time split by first activity.** Accounts are ordered by their first payment in the
   window; the earliest 60 % train, the next 20 % validate, the latest 20 % test (cut at
   timestamps, so accounts first seen at the same moment stay together). A model is judged on
   accounts that appeared after every account it learned from.
2. **Stage 1** learns from each account's own features (the training part only). Training
   accounts get out-of-fold scores (k folds), so no score of theirs saw their own label.
3. **Stage 2** adds ``NEIGHBOUR_FEATURES`` (the stage-1 scores of counterparties, and how many
   counterparties carry a *training* label) and ``PAIR_FEATURES`` (a link model's judgement
   of each counterparty link, ``_pairs``) and learns again on the training part.
4. **Threshold** maximises F1 on the validation part; the test part is only measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np

from kuzet.scoring._data import F64, I64, AccountData, B
from kuzet.scoring._neighbours import NEIGHBOUR_FEATURES, neighbour_features
from kuzet.scoring._pairs import PAIR_FEATURES, aggregate, fit_links, pairs

TRAIN, VALIDATE, TEST, NONE = 0, 1, 2, -1
PART_NAMES = {TRAIN: "train", VALIDATE: "validation", TEST: "test"}


@dataclass(frozen=True, slots=True)
class Params:
    rounds: int = 300
    learning_rate: float = 0.05
    num_leaves: int = 31
    min_child_samples: int = 20
    feature_fraction: float = 0.9
    threads: int = 1
    """LightGBM threads. One by default: on tens of thousands of accounts a second thread
    mostly adds OpenMP spinning (measured: 0.2 CPU-s on one thread against 2.9 on two, on a
    shared 2-core machine). Raise it for millions of accounts."""
    seed: int = 7
    folds: int = 5
    two_stage: bool = True

    def lightgbm(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_data_in_leaf": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "feature_fraction_seed": self.seed,
            "seed": self.seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": self.threads,
            "verbosity": -1,
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Split:
    """Which part each account row belongs to, and the first-activity cuts between parts."""

    part: I64
    train_until: int
    """Epoch seconds: accounts first seen before this train."""
    validate_until: int
    """Accounts first seen from ``train_until`` until this validate; the rest test."""

    def counts(self, y: B) -> dict[str, dict[str, int]]:
        out = {}
        for p, name in PART_NAMES.items():
            rows = self.part == p
            out[name] = {"accounts": int(rows.sum()), "labelled": int(y[rows].sum())}
        return out


def time_split(first_seen: I64, fractions: Sequence[float] = (0.6, 0.2, 0.2)) -> Split:
    """Cut accounts by first activity into train, validation and test (see module doc)."""
    if len(fractions) != 3 or any(f <= 0 for f in fractions):
        raise ValueError(f"fractions must be three positive shares, got {list(fractions)}")
    active = first_seen > 0
    if active.sum() < 3:
        raise ValueError("fewer than three accounts made a payment in the window")
    total = float(sum(fractions))
    seen = np.sort(first_seen[active])
    c1 = int(seen[min(int(len(seen) * fractions[0] / total), len(seen) - 1)])
    c2 = int(seen[min(int(len(seen) * (fractions[0] + fractions[1]) / total), len(seen) - 1)])
    part = np.full(first_seen.size, NONE, dtype=np.int64)
    part[active & (first_seen < c1)] = TRAIN
    part[active & (first_seen >= c1) & (first_seen < c2)] = VALIDATE
    part[active & (first_seen >= c2)] = TEST
    return Split(part, c1, c2)


# ── metrics and thresholds ─────────────────────────────────────────────────────────────────
def metrics(y: B, score: F64, threshold: float) -> dict[str, float | int]:
    """Precision, recall, F1 and counts of ``score >= threshold`` against ``y``."""
    flagged = score >= threshold
    tp = int((flagged & y).sum())
    fp = int((flagged & ~y).sum())
    fn = int((~flagged & y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "average_precision": round(average_precision(y, score), 4),
    }


def average_precision(y: B, score: F64) -> float:
    if not y.any():
        return 0.0
    order = np.argsort(-score, kind="stable")
    hits = y[order]
    precision_at = np.cumsum(hits) / np.arange(1, hits.size + 1)
    return float(precision_at[hits].sum() / hits.sum())


def best_threshold(y: B, score: F64) -> float:
    """The score cut that maximises F1 on these rows (the higher cut on ties)."""
    if not y.any():
        raise ValueError("the validation part holds no labelled account: cannot pick a threshold")
    order = np.argsort(-score, kind="stable")
    s, hits = score[order], y[order]
    tp = np.cumsum(hits)
    k = np.arange(1, s.size + 1)
    f1 = 2 * tp / (k + hits.sum())
    last_of_value = np.r_[s[1:] != s[:-1], True]  # a cut keeps every row with an equal score
    f1 = np.where(last_of_value, f1, -1.0)
    return float(s[int(np.argmax(f1))])


# ── the model ──────────────────────────────────────────────────────────────────────────────
@dataclass
class TwoStageModel:
    """Stage 1 on the account's own features; stage 2 with its counterparties' risk added."""

    base: tuple[str, ...]
    stage1: lgb.Booster
    stage2: lgb.Booster | None
    threshold: float = 0.5
    neighbour: tuple[str, ...] = field(default_factory=tuple)
    links: lgb.Booster | None = None
    """The link model (``_pairs``) behind the ``link_*`` features, when trained."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The final model's features, in its column order."""
        return self.base + self.neighbour

    def matrix(self, data: AccountData, known: B, stage1_score: F64 | None = None) -> F64:
        """The final model's input for ``data`` (``known``: labelled accounts it may use)."""
        x1 = _columns(data, self.base)
        if self.stage2 is None:
            return x1
        if stage1_score is None:
            stage1_score = _predict(self.stage1, x1, "stage-1 model")
        s1 = np.asarray(stage1_score, dtype=np.float64)
        parts = [x1, neighbour_features(data, s1, known)]
        if self.links is not None:
            p = pairs(data, s1)
            parts.append(aggregate(p, _predict(self.links, p.x, "link model"), data.n))
        return np.hstack(parts)

    def final(self) -> lgb.Booster:
        return self.stage2 if self.stage2 is not None else self.stage1

    def predict(self, x: F64) -> F64:
        return _predict(self.final(), x, "model")

    def contributions(self, x: F64) -> F64:
        """Per-feature contributions (log-odds; last column the bias) of the final model."""
        return np.asarray(self.final().predict(x, pred_contrib=True), dtype=np.float64)


def _predict(booster: lgb.Booster, x: F64, what: str) -> F64:
    """``booster``'s predictions, or a clear error when ``x`` has another number of inputs
    than it was trained on (a model saved by an older Kuzet whose features differ)."""
    want = booster.num_feature()
    if x.ndim != 2 or x.shape[1] != want:
        got = x.shape[1] if x.ndim == 2 else 0
        raise ValueError(
            f"the saved {what} takes {want} inputs but this Kuzet computes {got}: it was"
            " trained by another version; train a new model (kuzet model train)"
        )
    return np.asarray(booster.predict(x), dtype=np.float64)


def _columns(data: AccountData, names: Sequence[str]) -> F64:
    missing = [c for c in names if c not in data.columns]
    if missing:
        raise ValueError(f"the data lacks features the model needs: {', '.join(missing)}")
    return data.x[:, [data.columns.index(c) for c in names]]


def _booster(x: F64, y: B, names: Sequence[str], params: Params) -> lgb.Booster:
    ds = lgb.Dataset(x, label=y.astype(np.float64), feature_name=list(names), free_raw_data=True)
    return lgb.train(params.lightgbm(), ds, num_boost_round=params.rounds)


def _folds(size: int, params: Params) -> I64:
    """Fold of each training row (the same folds for stage 1 and the link model)."""
    rng = np.random.default_rng(params.seed)
    return rng.permutation(np.arange(size) % params.folds).astype(np.int64)


def _out_of_fold(x: F64, y: B, names: Sequence[str], params: Params) -> F64:
    fold = _folds(y.size, params)
    out = np.zeros(y.size)
    for k in range(params.folds):
        held = fold == k
        if held.all() or not y[~held].any():
            continue
        out[held] = _booster(x[~held], y[~held], names, params).predict(x[held])
    return out


@dataclass
class Fit:
    model: TwoStageModel
    score: F64
    """Final score of every row (out-of-fold first-stage scores behind the training rows)."""
    x: F64
    metrics: dict[str, dict[str, float | int]]


def fit(
    data: AccountData, y: B, split: Split, base: Sequence[str], params: Params | None = None
) -> Fit:
    """Train on the training part, pick the threshold on validation, measure the test part."""
    p = params or Params()
    train = split.part == TRAIN
    if not y[train].any():
        raise ValueError("no labelled account among the training accounts: nothing to learn")
    if y[train].all():
        raise ValueError("every training account is labelled: nothing to tell apart")
    x1 = _columns(data, base)
    stage1 = _booster(x1[train], y[train], base, p)
    model = TwoStageModel(tuple(base), stage1, None)
    if p.two_stage:
        s1 = np.asarray(stage1.predict(x1), dtype=np.float64)
        s1[train] = _out_of_fold(x1[train], y[train], base, p)
        known = y & train
        fold = np.full(data.n, -1, dtype=np.int64)
        fold[train] = _folds(int(train.sum()), p)
        links, link_x = fit_links(
            pairs(data, s1), y, train, fold, p.folds,
            lambda xs, ys, ns: _booster(xs, ys, ns, p), data.n,
        )  # fmt: skip
        parts = [x1, neighbour_features(data, s1, known)]
        names = (*base, *NEIGHBOUR_FEATURES)
        if links is not None:
            parts.append(link_x)
            names = (*names, *PAIR_FEATURES)
        x = np.hstack(parts)
        model.stage2 = _booster(x[train], y[train], names, p)
        model.neighbour = names[len(base) :]
        model.links = links
    else:
        x = x1
    score = model.predict(x)
    val = split.part == VALIDATE
    model.threshold = best_threshold(y[val], score[val])
    report = {
        name: metrics(y[split.part == part], score[split.part == part], model.threshold)
        for part, name in PART_NAMES.items()
    }
    return Fit(model, score, x, report)
