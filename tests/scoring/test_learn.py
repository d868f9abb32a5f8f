"""Time split, two-stage fit, thresholds, neighbour features, explanations."""

from __future__ import annotations

import dataclasses

import lightgbm as lgb
import numpy as np
import pyarrow as pa
import pytest

from kuzet.scoring import (
    NEIGHBOUR_FEATURES,
    PAIR_FEATURES,
    TEST,
    TRAIN,
    VALIDATE,
    AccountData,
    Describes,
    Params,
    account_labels,
    assemble,
    base_columns,
    best_threshold,
    explain_rows,
    fit,
    metrics,
    neighbour_features,
    time_split,
)
from kuzet.scoring._pairs import PAIR_COLUMNS, Pairs, aggregate, pairs, shared
from kuzet.workspace import Workspace


def test_time_split_orders_parts_by_first_activity() -> None:
    rng = np.random.default_rng(3)
    seen = rng.integers(1, 1000, size=500).astype(np.int64)
    seen[:5] = 0  # never paid: in no part
    split = time_split(seen)
    assert (split.part[:5] == -1).all()
    train, val, test = (seen[split.part == p] for p in (TRAIN, VALIDATE, TEST))
    assert train.max() < split.train_until <= val.min()
    assert val.max() < split.validate_until <= test.min()
    assert abs(train.size / 495 - 0.6) < 0.05 and abs(test.size / 495 - 0.2) < 0.05


def test_time_split_keeps_ties_together() -> None:
    seen = np.repeat(np.arange(1, 11, dtype=np.int64), 10)  # ten steps of ten accounts
    split = time_split(seen)
    for step in range(1, 11):
        assert np.unique(split.part[seen == step]).size == 1


def test_best_threshold_maximises_f1() -> None:
    y = np.array([True, True, False, True, False, False])
    s = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1])
    t = best_threshold(y, s)
    assert t == 0.6  # three hits, one false positive: F1 0.857, better than 0.8 at 0.8
    assert metrics(y, s, t)["f1"] == pytest.approx(6 / 7, abs=1e-4)
    with pytest.raises(ValueError, match="no labelled account"):
        best_threshold(np.zeros(3, bool), s[:3])


def _line_graph() -> AccountData:
    """Accounts 1→2→3, 3→2 and 4 alone; two payments from 1 to 2."""
    features = pa.table({"account_id": [1, 2, 3, 4], "f": [0.0, 1.0, 2.0, 3.0]})
    edges = pa.table({"src": [1, 2, 3], "dst": [2, 3, 2], "n": [2, 1, 1]})
    seen = pa.table({"account_id": [1, 2, 3], "first_sec": [10, 20, 30]})
    return assemble(features, edges, seen)


def test_neighbour_features_by_hand() -> None:
    data = _line_graph()
    score = np.array([0.9, 0.1, 0.6, 0.0])
    known = np.array([False, False, True, False])
    nb = dict(zip(NEIGHBOUR_FEATURES, neighbour_features(data, score, known).T, strict=True))
    assert nb["nb_in_max_score"].tolist() == [0.0, 0.9, 0.1, 0.0]
    assert nb["nb_out_max_score"].tolist() == [0.1, 0.6, 0.1, 0.0]
    assert nb["nb_high_risk"].tolist() == [0.0, 2.0, 0.0, 0.0]  # 2 deals with 1 and 3
    assert nb["nb_known"].tolist() == [0.0, 1.0, 0.0, 0.0]  # only 3 is labelled
    assert nb["nb_reciprocal_high"].tolist() == [0.0, 1.0, 0.0, 0.0]  # 2⇄3, and 3 is high
    # account 2's counterparties weighted by payments: 1 (2 payments), 3 (2 payments)
    assert nb["nb_paid_mean_score"][1] == pytest.approx((0.9 * 2 + 0.6 * 2) / 4)
    assert data.first_seen.tolist() == [10, 20, 30, 0]


def test_fit_learns_and_is_deterministic(
    world: Workspace, accounts: tuple[AccountData, dict[str, Describes]], fast_params: Params
) -> None:
    data, specs = accounts
    y = data.mask(account_labels(world))
    split = time_split(data.first_seen)
    cols = base_columns(specs, data.columns, amounts=True)
    first = fit(data, y, split, cols, fast_params)
    second = fit(data, y, split, cols, fast_params)
    assert np.array_equal(first.score, second.score)
    assert first.model.threshold == second.model.threshold
    assert first.model.columns == (*cols, *NEIGHBOUR_FEATURES, *PAIR_FEATURES)
    assert first.model.links is not None
    assert first.metrics["test"]["f1"] > 0.5  # far above chance on planted schemes
    # without amounts, no amount feature reaches the model
    no_amounts = base_columns(specs, data.columns, amounts=False)
    assert not any(specs[c].uses_amounts for c in no_amounts)
    assert set(no_amounts) < set(cols)
    # a link model saved by another version (another number of inputs) fails clearly
    rng = np.random.default_rng(5)
    old = lgb.train(
        {"objective": "binary", "verbosity": -1, "min_data_in_leaf": 1},
        lgb.Dataset(rng.random((40, 3)), label=rng.integers(0, 2, 40)),
        num_boost_round=2,
    )
    stale = dataclasses.replace(first.model, links=old)
    with pytest.raises(ValueError, match="saved link model takes 3 inputs but"):
        stale.matrix(data, y)


def test_fit_refuses_training_part_without_labels(
    accounts: tuple[AccountData, dict[str, Describes]], fast_params: Params
) -> None:
    data, specs = accounts
    split = time_split(data.first_seen)
    y = np.zeros(data.n, bool)
    y[split.part == TEST] = True  # labels only where the model may not look
    with pytest.raises(ValueError, match="no labelled account among the training accounts"):
        fit(data, y, split, base_columns(specs, data.columns, True), fast_params)


def test_explanations_follow_lightgbm_contributions(
    world: Workspace, accounts: tuple[AccountData, dict[str, Describes]], fast_params: Params
) -> None:
    data, specs = accounts
    y = data.mask(account_labels(world))
    result = fit(
        data, y, time_split(data.first_seen), base_columns(specs, data.columns, True), fast_params
    )
    model, x = result.model, result.x
    contrib = model.contributions(x)
    raw = model.final().predict(x, raw_score=True)
    np.testing.assert_allclose(contrib.sum(axis=1), raw, rtol=1e-6, atol=1e-6)
    typical = {c: float(np.median(x[:, j])) for j, c in enumerate(model.columns)}
    all_specs = {**specs, **NEIGHBOUR_FEATURES, **PAIR_FEATURES}
    reasons = explain_rows(x, contrib, model.columns, all_specs, typical, top=3)
    top = int(np.argmax(result.score))
    assert reasons[top], "the riskiest account has reasons"
    best = int(np.argmax(contrib[top, :-1]))
    first = reasons[top][0]
    assert first.feature == model.columns[best]
    assert first.contribution == pytest.approx(contrib[top, best])
    assert first.value == x[top, best]
    assert "(typical: " in first.text
    for rs in reasons:
        assert len(rs) <= 3
        assert all(r.contribution > 0 for r in rs)
        assert [r.contribution for r in rs] == sorted((r.contribution for r in rs), reverse=True)


def test_link_inputs_and_aggregation_by_hand() -> None:
    data = _line_graph()
    p = pairs(data, np.array([0.9, 0.1, 0.6, 0.0]))
    assert list(zip(p.a.tolist(), p.b.tolist(), strict=True)) == [(0, 1), (1, 2)]
    # low score, high score, payments (both directions), days, busiest day, low/high degree,
    # common counterparties and their scores (a line: none)
    assert p.x.tolist() == [
        [0.1, 0.9, 2.0, 2.0, 1.0, 1.0, 2.0, 0.0, 0.0],
        [0.1, 0.6, 2.0, 2.0, 1.0, 1.0, 2.0, 0.0, 0.0],
    ]
    best_sum = aggregate(p, np.array([0.3, 0.5]), data.n)
    assert best_sum[:, 0].tolist() == [0.3, 0.5, 0.5, 0.0]
    assert best_sum[:, 1].tolist() == pytest.approx([0.3, 0.8, 0.5, 0.0])
    assert best_sum[:, 2:].tolist() == [[0.0, 0.0]] * 4  # a line closes no triangle


def test_shared_counterparties_by_hand() -> None:
    # links of a square 0-1-2-3-0 with the diagonal 0-2 (sorted, lower end first)
    a = np.array([0, 0, 0, 1, 2], dtype=np.int64)
    b = np.array([1, 2, 3, 2, 3], dtype=np.int64)
    score = np.array([0.5, 0.25, 0.125, 1.0])
    common, risk = shared(a, b, score, 4)
    assert common.tolist() == [1.0, 2.0, 1.0, 1.0, 1.0]  # 0-2 share 1 and 3; the rest one
    assert risk.tolist() == [0.125, 1.25, 0.125, 0.5, 0.5]
    x = np.zeros((a.size, len(PAIR_COLUMNS)))
    x[:, PAIR_COLUMNS.index("common")], x[:, PAIR_COLUMNS.index("common_score")] = common, risk
    per_account = aggregate(Pairs(a, b, x), np.zeros(a.size), 4)
    # account 1: links 0-1 (2 closes it, 0.125) and 1-2 (0 closes it, 0.5)
    assert per_account[1, 2:].tolist() == [0.625, 0.3125]
    # account 0: links 0-1 (0.125), 0-2 (1.25 from 1 and 3), 0-3 (0.125): 1.5 over 4
    assert per_account[0, 2:].tolist() == [1.5, 0.375]
    empty = np.empty(0, dtype=np.int64)
    assert [c.size for c in shared(empty, empty, score, 4)] == [0, 0]
