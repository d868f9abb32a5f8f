"""The peer: IBM Snap ML's Graph Feature Preprocessor and boosting machine, account level.

Runs inside its own virtual environment (``bench/amlsim.py`` creates it and installs
``snapml``); it imports nothing from Kuzet. Input: an ``.npz`` written by ``bench/amlsim.py``
with the transfers (id, payer, payee, epoch seconds, amount) and, per account, its split part
(0 train, 1 validation, 2 test, -1 none) and label. Output: one JSON document on stdout.

Protocol, as for Kuzet: the Graph Feature Preprocessor (2 threads) enriches every transfer
with its graph-pattern histograms (fan in/out, degree in/out, scatter-gather, temporal
cycles, length-constrained cycles) and the vertex statistics of both ends, with IBM's
default time windows (one step = one day = 86,400 s). Account features are the mean and
maximum of those columns over the account's outgoing and over its incoming transfers, and
its transfer counts. The boosting machine (1 thread, as Kuzet's LightGBM) learns on the
training accounts; the threshold maximises F1 on validation; precision, recall and F1 are
measured on test.
Without amounts: vertex statistics over the timestamp column only (IBM's default);
with amounts: over timestamp and amount.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from snapml import BoostingMachineClassifier, GraphFeaturePreprocessor

BINS = [2, 3, 4, 5, 6, 8, 10, 15, 20]


def gfp_params(amounts: bool, threads: int) -> dict[str, object]:
    return {
        "num_threads": threads,
        "time_window": -1,
        "vertex_stats": True,
        "vertex_stats_cols": [3, 4] if amounts else [3],
        "vertex_stats_feats": [0, 1, 2, 3, 4, 8, 9, 10],
        "fan": True,
        "fan_tw": 43_200,
        "fan_bins": BINS,
        "degree": True,
        "degree_tw": 43_200,
        "degree_bins": BINS,
        "scatter-gather": True,
        "scatter-gather_tw": 432_000,
        "scatter-gather_bins": BINS,
        "temp-cycle": True,
        "temp-cycle_tw": 1_728_000,
        "temp-cycle_bins": BINS,
        "lc-cycle": True,
        "lc-cycle_tw": 864_000,
        "lc-cycle_len": 10,
        "lc-cycle_bins": [2, 3, 4, 5, 6, 7, 8, 9, 10],
    }


def _group(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Mean and max of each column of ``values`` per ``index`` (0 where none)."""
    k = values.shape[1]
    count = np.bincount(index, minlength=n).astype(np.float64)
    mean = np.zeros((n, k))
    for j in range(k):
        mean[:, j] = np.bincount(index, weights=values[:, j], minlength=n)
    mean = np.divide(mean, count[:, None], out=np.zeros_like(mean), where=count[:, None] > 0)
    mx = np.full((n, k), -np.inf)
    np.maximum.at(mx, index, values)
    mx[~np.isfinite(mx)] = 0.0
    return np.hstack([mean, mx, count[:, None]])


def account_features(
    edges: np.ndarray, n: int, amounts: bool, threads: int
) -> tuple[np.ndarray, float]:
    """Account features and the seconds the Graph Feature Preprocessor alone took."""
    gfp = GraphFeaturePreprocessor()
    gfp.set_params(gfp_params(amounts, threads))
    raw = edges if amounts else edges[:, :4]
    t0 = time.perf_counter()
    enriched = gfp.fit_transform(np.ascontiguousarray(raw, dtype=np.float64))
    gfp_seconds = time.perf_counter() - t0
    eng = enriched[:, raw.shape[1] :]
    eng = np.nan_to_num(eng, nan=0.0, posinf=0.0, neginf=0.0)
    src = edges[:, 1].astype(np.int64)
    dst = edges[:, 2].astype(np.int64)
    parts = [_group(src, eng, n), _group(dst, eng, n)]
    if amounts:
        amt = edges[:, 4:5]
        parts += [_group(src, amt, n), _group(dst, amt, n)]
    return np.hstack(parts), gfp_seconds


def best_threshold(y: np.ndarray, score: np.ndarray) -> float:
    order = np.argsort(-score, kind="stable")
    s, hits = score[order], y[order]
    tp = np.cumsum(hits)
    f1 = 2 * tp / (np.arange(1, s.size + 1) + hits.sum())
    f1 = np.where(np.r_[s[1:] != s[:-1], True], f1, -1.0)
    return float(s[int(np.argmax(f1))])


def metrics(y: np.ndarray, score: np.ndarray, threshold: float) -> dict[str, float | int]:
    flagged = score >= threshold
    tp, fp = int((flagged & y).sum()), int((flagged & ~y).sum())
    fn = int((~flagged & y).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def run(path: str, threads: int, fit_threads: int, rounds: int) -> dict[str, object]:
    data = np.load(path)
    edges, part, y = data["edges"], data["part"], data["label"].astype(bool)
    out: dict[str, object] = {"transactions": int(edges.shape[0]), "threads": threads}
    out["fit_threads"] = fit_threads
    for amounts in (True, False):
        t0 = time.perf_counter()
        x, gfp_seconds = account_features(edges, part.size, amounts, threads)
        seconds = time.perf_counter() - t0
        train, val, test = part == 0, part == 1, part == 2
        clf = BoostingMachineClassifier(
            n_jobs=fit_threads, num_round=rounds, learning_rate=0.05, random_state=7,
            early_stopping_rounds=rounds,
        )  # fmt: skip
        clf.fit(x[train], y[train].astype(np.float64))
        score = clf.predict_proba(x)[:, 1]
        threshold = best_threshold(y[val], score[val])
        out["amounts" if amounts else "no_amounts"] = {
            "features": int(x.shape[1]),
            "extract_seconds": round(seconds, 3),
            "gfp_seconds": round(gfp_seconds, 3),
            "tx_per_second": round(edges.shape[0] / seconds),
            "threshold": threshold,
            "validation": metrics(y[val], score[val], threshold),
            "test": metrics(y[test], score[test], threshold),
        }
    return out


if __name__ == "__main__":
    result = run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    sys.stdout.write(json.dumps(result) + "\n")
