"""The accounts a model learns from or scores: features, money edges, first activity, labels.

``AccountData`` is plain arrays, engine-free, so training, scoring and the AMLSim benchmark
share one representation. ``load_accounts`` fills it from a workspace: graph features from
``kuzet.network.build_features`` and the money graph and first activity from SQL that the
engine runs (this room builds SQL, it never opens a database).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.engine import Backend
from kuzet.workspace import Workspace

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


class Describes(Protocol):
    """What a feature must say about itself: investigator words and whether it uses amounts."""

    @property
    def text(self) -> str: ...

    @property
    def uses_amounts(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class AccountData:
    """Accounts as rows: feature matrix, first activity and the money graph between them."""

    account_id: I64
    """Sorted, distinct."""
    x: F64
    columns: tuple[str, ...]
    first_seen: I64
    """Epoch seconds of the account's first payment in the window (row-aligned)."""
    edge_src: I64
    """Row index of the payer of each distinct payer → payee pair."""
    edge_dst: I64
    edge_n: F64
    """Payments behind each pair."""
    edge_days: F64 = field(default_factory=lambda: np.empty(0))
    """Days on which the pair paid (row-aligned with the edges; empty: unknown, taken as n)."""
    edge_max_day: F64 = field(default_factory=lambda: np.empty(0))
    """Most payments of the pair on one day (empty: unknown, taken as 1)."""

    @property
    def n(self) -> int:
        return int(self.account_id.size)

    def rows(self, account_ids: npt.ArrayLike) -> I64:
        """Row index of each account id, -1 where the account is not in the data."""
        ids = np.asarray(account_ids, dtype=np.int64)
        pos = np.searchsorted(self.account_id, ids)
        pos = np.clip(pos, 0, max(self.n - 1, 0))
        found = self.n > 0 and self.account_id[pos] == ids
        return np.where(found, pos, -1).astype(np.int64)

    def mask(self, account_ids: npt.ArrayLike) -> B:
        """Rows whose account is among ``account_ids``."""
        r = self.rows(account_ids)
        out = np.zeros(self.n, dtype=bool)
        out[r[r >= 0]] = True
        return out


def assemble(features: pa.Table, edges: pa.Table, first_seen: pa.Table) -> AccountData:
    """Arrays from three Arrow tables.

    ``features``: ``account_id`` and numeric columns; ``edges``: ``src``, ``dst``, ``n``;
    ``first_seen``: ``account_id``, ``first_sec``. Accounts are those of ``features``; edges
    with an end outside them are dropped; accounts without a payment get ``first_seen`` 0.
    """
    if "account_id" not in features.column_names:
        raise ValueError("the feature table has no account_id column")
    order = pc.sort_indices(features, [("account_id", "ascending")])
    features = features.take(order)
    ids = features.column("account_id").to_numpy(zero_copy_only=False).astype(np.int64)
    if ids.size and np.any(np.diff(ids) == 0):
        raise ValueError("the feature table has more than one row for an account")
    columns = tuple(c for c in features.column_names if c != "account_id")
    x = np.empty((ids.size, len(columns)), dtype=np.float64)
    for j, name in enumerate(columns):
        col = pc.cast(features.column(name), pa.float64())
        x[:, j] = col.to_numpy(zero_copy_only=False)
    data = AccountData(
        ids, x, columns, np.zeros(ids.size, np.int64), np.empty(0, np.int64),
        np.empty(0, np.int64), np.empty(0, np.float64),
    )  # fmt: skip
    src = data.rows(edges.column("src").to_numpy(zero_copy_only=False))
    dst = data.rows(edges.column("dst").to_numpy(zero_copy_only=False))
    keep = (src >= 0) & (dst >= 0) & (src != dst)
    n = pc.cast(edges.column("n"), pa.float64()).to_numpy(zero_copy_only=False)
    days, max_day = n, np.ones_like(n)
    if "days" in edges.column_names:
        days = pc.cast(edges.column("days"), pa.float64()).to_numpy(zero_copy_only=False)
        max_day = pc.cast(edges.column("max_day"), pa.float64()).to_numpy(zero_copy_only=False)
    seen = np.zeros(ids.size, np.int64)
    r = data.rows(first_seen.column("account_id").to_numpy(zero_copy_only=False))
    secs = first_seen.column("first_sec").to_numpy(zero_copy_only=False).astype(np.int64)
    seen[r[r >= 0]] = secs[r >= 0]
    return AccountData(
        ids, x, columns, seen, src[keep], dst[keep], n[keep], days[keep], max_day[keep]
    )


def select_columns(data: AccountData, columns: Sequence[str]) -> AccountData:
    """The same accounts with only ``columns`` (in that order)."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"features missing from the data: {', '.join(missing)}")
    idx = [data.columns.index(c) for c in columns]
    return AccountData(
        data.account_id, data.x[:, idx], tuple(columns), data.first_seen,
        data.edge_src, data.edge_dst, data.edge_n, data.edge_days, data.edge_max_day,
    )  # fmt: skip


def base_columns(
    specs: Mapping[str, Describes], columns: Sequence[str], amounts: bool
) -> list[str]:
    """The feature columns a model uses: all described ones, or those without amounts."""
    return [c for c in columns if c in specs and (amounts or not specs[c].uses_amounts)]


# ── SQL the engine runs for us ─────────────────────────────────────────────────────────────
def _where(start: dt.date | None, end: dt.date | None) -> str:
    parts = ["status = 'completed'"]
    if start is not None:
        parts.append(f"ts >= TIMESTAMP '{start.isoformat()} 00:00:00+00'")
    if end is not None:
        parts.append(f"ts < TIMESTAMP '{end.isoformat()} 00:00:00+00'")
    return " AND ".join(parts)


def edges_sql(start: dt.date | None, end: dt.date | None) -> str:
    """Distinct payer → payee pairs between accounts of the data: payments, days, busiest day."""
    return f"""
SELECT src, dst, sum(n) AS n, count(*) AS days, max(n) AS max_day FROM (
    SELECT src_account_id AS src, dst_account_id AS dst, CAST(ts AS DATE) AS day, count(*) AS n
    FROM transactions
    WHERE {_where(start, end)} AND src_account_id IS NOT NULL AND dst_account_id IS NOT NULL
      AND src_account_id <> dst_account_id
    GROUP BY src_account_id, dst_account_id, CAST(ts AS DATE)) t
GROUP BY src, dst"""


def first_seen_sql(start: dt.date | None, end: dt.date | None) -> str:
    """Each account's first payment (either side) in the window, as epoch seconds."""
    w = _where(start, end)
    return f"""
SELECT account_id, min(sec) AS first_sec FROM (
    SELECT src_account_id AS account_id, CAST(epoch(ts) AS BIGINT) AS sec
    FROM transactions WHERE {w} AND src_account_id IS NOT NULL
    UNION ALL
    SELECT dst_account_id AS account_id, CAST(epoch(ts) AS BIGINT) AS sec
    FROM transactions WHERE {w} AND dst_account_id IS NOT NULL) t
GROUP BY account_id"""


def graph_tables(
    backend: Backend, start: dt.date | None, end: dt.date | None
) -> tuple[pa.Table, pa.Table]:
    """The money edges and first activity of the window, computed by the engine."""
    t = backend.dialect.transpile
    edges = backend.query(t(edges_sql(start, end)), step="scoring:edges")
    seen = backend.query(t(first_seen_sql(start, end)), step="scoring:first_seen")
    return edges, seen


def join_features(graph: pa.Table, extra: pa.Table, fill: float | None = 0.0) -> pa.Table:
    """``graph`` with ``extra``'s columns added by ``account_id``.

    Where ``extra`` has no row (or a null) the value is ``fill``; ``None`` keeps it missing
    (NaN), which LightGBM treats as unknown rather than as zero.
    """
    joined = graph.join(extra, "account_id", join_type="left outer")
    for name in extra.column_names:
        if name == "account_id":
            continue
        i = joined.column_names.index(name)
        values = joined.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
        if fill is not None:
            values = np.nan_to_num(values, nan=fill)
        joined = joined.set_column(i, name, pa.array(values))
    return joined.sort_by("account_id")


def load_accounts(
    backend: Backend,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    windows_days: Sequence[int] = (7, 30),
) -> tuple[AccountData, dict[str, Describes]]:
    """Features, edges and first activity of the accounts paying in ``[start, end)``.

    Features: ``kuzet.network.build_features`` plus ``BEHAVIOUR_FEATURES`` (split payments
    0 where none; payment sizes missing where the account made or received none) and
    ``STRUCTURE_FEATURES`` (triangles, clustering, three-cycles; 0 where none). ``backend`` must
    have the workspace registered (``backend.register_workspace(ws)``).
    """
    from kuzet.network import build_features, feature_specs  # noqa: PLC0415 - heavy import
    from kuzet.scoring._behaviour import BEHAVIOUR_FEATURES, behaviour_features  # noqa: PLC0415
    from kuzet.scoring._structure import STRUCTURE_FEATURES, structure_features  # noqa: PLC0415

    graph = build_features(backend, start=start, end=end, windows_days=tuple(windows_days))
    split, sizes = behaviour_features(backend, start, end)
    features = join_features(join_features(graph, split), sizes, fill=None)
    features = join_features(features, structure_features(backend, start, end))
    edges, seen = graph_tables(backend, start, end)
    specs: dict[str, Describes] = dict(feature_specs(tuple(windows_days)))
    specs.update(BEHAVIOUR_FEATURES)
    specs.update(STRUCTURE_FEATURES)
    return assemble(features, edges, seen), specs


def account_labels(ws: Workspace) -> I64:
    """Accounts named in the workspace's ``labels`` (any scheme), or a clear error."""
    if not ws.files("labels"):
        raise ValueError(
            f"{ws.root} has no labels table: a model learns from labelled accounts "
            "(a synthetic world's ground truth, or confirmed cases loaded as labels)"
        )
    labels = ws.read("labels", columns=["object_type", "object_id"])
    kinds = np.asarray(labels.column("object_type").to_pylist(), dtype=object)
    objects = labels.column("object_id").to_numpy(zero_copy_only=False).astype(np.int64)
    ids = np.unique(objects[kinds == "account"])
    if ids.size == 0:
        raise ValueError(f"{ws.root}: labels name no account (object_type = 'account')")
    return ids
