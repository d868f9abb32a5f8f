"""Do planted shells and nominee structures rank first? Precision@k and ROC AUC on a fresh seed.

Positives are the entities the synthetic world labels as shells, transit firms or nominee-run
firms (labels with role shell / transit / nominee*, or firms where a person labelled a nominee
is owner, director or nominee). The profile code never reads labels; only this script does.

    python bench/entities_eval.py --persons 20000 --days 90 --seed 2027
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow.compute as pc

from kuzet.entities import RISK_TABLE, build_profiles
from kuzet.workspace import Workspace

POSITIVE_ROLES = ("shell", "transit")


def positives(ws: Workspace) -> set[int]:
    labels = ws.read("labels").to_pylist()
    pos = {
        r["object_id"]
        for r in labels
        if r["object_type"] == "entity"
        and (r["role"] in POSITIVE_ROLES or r["role"].startswith("nominee"))
    }
    nominees = {
        r["object_id"]
        for r in labels
        if r["object_type"] == "person" and r["role"].startswith("nominee")
    }
    for r in ws.read("relations").to_pylist():
        if (
            r["src_type"] == "person"
            and r["src_id"] in nominees
            and r["dst_type"] == "entity"
            and r["kind"] in ("owner", "founder", "director", "nominee")
        ):
            pos.add(r["dst_id"])
    return pos


def auc(scores: np.ndarray, truth: np.ndarray) -> float:
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for s in np.unique(scores):  # average ranks of ties
        m = scores == s
        ranks[m] = ranks[m].mean()
    n_pos, n_neg = truth.sum(), (~truth).sum()
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--seed", type=int, default=2027)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "w"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("kuzet")),
                "synth",
                "--persons",
                str(a.persons),
                "--days",
                str(a.days),
                "--seed",
                str(a.seed),
                "--out",
                str(out),
                "-q",
            ],
            check=True,
        )
        ws = Workspace(out)
        t0 = time.perf_counter()
        run = build_profiles(ws)
        secs = time.perf_counter() - t0
        risk = ws.read(RISK_TABLE, ["entity_id", "score"])
        ids = risk.column("entity_id").to_numpy()
        scores = risk.column("score").to_numpy()
        pos = positives(ws)
        truth = np.isin(ids, list(pos))
        order = np.argsort(-scores, kind="mergesort")
        print(
            f"seed {a.seed}: {run.entities} entities, {truth.sum()} planted shells/nominee firms,"
            f" profiled in {secs:.1f} s; config {run.config_version}"
        )
        for k in (10, 25, 50, int(truth.sum())):
            print(f"precision@{k}: {truth[order[:k]].mean():.3f}")
        print(f"ROC AUC: {auc(scores, truth):.3f}")
        decoys = ws.read("decoys")
        d = set(
            pc.filter(
                decoys.column("object_id"), pc.equal(decoys.column("object_type"), "entity")
            ).to_pylist()
        )
        dm = np.isin(ids, list(d))
        if dm.any():
            print(
                f"decoy firms: {dm.sum()}, mean score {scores[dm].mean():.1f}"
                f" vs planted {scores[truth].mean():.1f} vs all {scores.mean():.1f}"
            )


if __name__ == "__main__":
    main()
