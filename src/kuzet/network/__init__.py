"""Network analytics: graph features per account, temporal cycles, drop rings.

``build_features`` computes one row of graph features per account (``FEATURES`` says what
each column means); aggregates run as SQL through ``kuzet.engine`` (so Spark can run them),
cycles, stacks and rings as rustworkx searches over a pruned graph.
"""

from __future__ import annotations

from kuzet.network._evaluate import evaluate_rings
from kuzet.network._features import build_features
from kuzet.network._ring_tables import EDGES as RING_EDGES_TABLE
from kuzet.network._ring_tables import MEMBERS as RINGS_TABLE
from kuzet.network._run import FEATURES_TABLE, NetworkRun, run_network, top_rings
from kuzet.network._spec import DEFAULT_WINDOWS, FEATURES, FeatureSpec, feature_specs

__all__ = [
    "DEFAULT_WINDOWS",
    "FEATURES",
    "FEATURES_TABLE",
    "RINGS_TABLE",
    "RING_EDGES_TABLE",
    "FeatureSpec",
    "NetworkRun",
    "build_features",
    "evaluate_rings",
    "feature_specs",
    "run_network",
    "top_rings",
]
