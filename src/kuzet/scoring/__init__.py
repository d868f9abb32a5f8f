"""Learned risk: a two-stage LightGBM model over graph and behavioural features, explained.

Stage 1 scores each account on its own features (``kuzet.network`` graph features plus
split-payment behaviour, payment sizes and local structure: triangles, clustering, three-cycles);
stage 2 adds how risky its counterparties are (their stage-1 scores, how many are already
labelled as laundering, a link model's judgement of each counterparty link, and the risk of
the accounts closing triangles with it). Models are trained on a workspace's
``labels`` with a time split (``kuzet model train``), stored as folders of text files
(``_kuzet/models/<id>/``), and score accounts into ``account_scores`` with each score's top
contributing features in words (``kuzet model score``). Packs read ``account_scores`` like
any canonical table (``packs/kuzet-model.yaml``); ``rank_alerts`` orders alerts by it.
"""

from __future__ import annotations

from pathlib import Path

from kuzet.scoring._behaviour import BEHAVIOUR_FEATURES
from kuzet.scoring._data import (
    AccountData,
    Describes,
    account_labels,
    assemble,
    base_columns,
    join_features,
    load_accounts,
)
from kuzet.scoring._explain import Reason, describe, explain_rows
from kuzet.scoring._learn import (
    NONE,
    TEST,
    TRAIN,
    VALIDATE,
    Fit,
    Params,
    Split,
    TwoStageModel,
    average_precision,
    best_threshold,
    fit,
    metrics,
    time_split,
)
from kuzet.scoring._neighbours import NEIGHBOUR_FEATURES, neighbour_features
from kuzet.scoring._pairs import PAIR_FEATURES
from kuzet.scoring._run import (
    SCORES_TABLE,
    Window,
    rank_alerts,
    score_table,
    score_workspace,
    top_accounts,
    train_workspace,
    write_scores,
)
from kuzet.scoring._store import ModelError, StoredModel, list_models, load_model, save_model
from kuzet.scoring._structure import STRUCTURE_FEATURES
from kuzet.scoring._transactions import MIN_SCORE as MIN_TX_SCORE
from kuzet.scoring._transactions import TX_SCORES_TABLE

PACKS = Path(__file__).parent / "packs"
"""Bank-side packs that read model scores (``kuzet-model.yaml``)."""

__all__ = [
    "BEHAVIOUR_FEATURES",
    "MIN_TX_SCORE",
    "NEIGHBOUR_FEATURES",
    "NONE",
    "PACKS",
    "PAIR_FEATURES",
    "SCORES_TABLE",
    "STRUCTURE_FEATURES",
    "TEST",
    "TRAIN",
    "TX_SCORES_TABLE",
    "VALIDATE",
    "AccountData",
    "Describes",
    "Fit",
    "ModelError",
    "Params",
    "Reason",
    "Split",
    "StoredModel",
    "TwoStageModel",
    "Window",
    "account_labels",
    "assemble",
    "average_precision",
    "base_columns",
    "best_threshold",
    "describe",
    "explain_rows",
    "fit",
    "join_features",
    "list_models",
    "load_accounts",
    "load_model",
    "metrics",
    "neighbour_features",
    "rank_alerts",
    "save_model",
    "score_table",
    "score_workspace",
    "time_split",
    "top_accounts",
    "train_workspace",
    "write_scores",
]
