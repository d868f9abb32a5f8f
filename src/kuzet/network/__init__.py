"""Network analytics: graph features per account, temporal cycles, drop rings.

``build_features`` computes one row of graph features per account (``FEATURES`` says what
each column means); aggregates run as SQL through ``kuzet.engine`` (so Spark can run them),
cycles, stacks and rings as rustworkx searches over a pruned graph.
"""

from __future__ import annotations

from kuzet.network._features import build_features
from kuzet.network._spec import DEFAULT_WINDOWS, FEATURES, FeatureSpec, feature_specs

__all__ = ["DEFAULT_WINDOWS", "FEATURES", "FeatureSpec", "build_features", "feature_specs"]
