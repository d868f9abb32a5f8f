"""Kuzet's learned risk against IBM's Graph Feature Preprocessor on AMLSim data (issue 6).

    .venv/bin/python bench/amlsim.py [--data DIR] [--rounds N] [--skip-peer]

Data: ``../shared/data/amlsim/20K_fanin200cycle200`` (IBM AMLSim sample: 20,000 accounts,
120,558 transfers, 1,804 laundering accounts; Kuzet did not write it).

Protocol, identical for both sides:

1. AMLSim → canonical CSVs → ``kuzet.ingest.ingest_files`` into a temporary workspace
   (``bench/amlsim_adapter.py``); the peer reads the same ingested transactions.
2. **Time split by first activity**: accounts ordered by their first transfer; the earliest
   60 % train, the next 20 % validate, the latest 20 % test (whole steps stay together).
   Features cover the whole 149 steps for every account (both sides); only training labels
   are ever used to learn (and, for Kuzet's counterparty features, as "known" launderers).
3. Threshold: the score cut with the best F1 on the validation accounts; precision, recall
   and F1 are measured once, on the test accounts.
4. With and without amount features; feature extraction on 2 threads (DuckDB; GFP), the
   boosting on 1 (LightGBM; Snap ML's boosting machine).
5. Feature-extraction throughput = transfers / seconds to compute the account features
   (Kuzet: ``kuzet.network.build_features`` + split-payment, payment-size and structure
   features + money edges; peer: ``GraphFeaturePreprocessor.fit_transform`` + aggregation of
   edge features to accounts).

The peer runs in its own virtual environment (``~/.cache/kuzet-bench/snapml-venv``, created
here with ``python -m venv`` and ``pip install snapml==1.17.2``): Snap ML is a comparator,
never a dependency of Kuzet.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).parent))

from amlsim_adapter import load_into_workspace, read_amlsim
from kuzet.engine import open_backend
from kuzet.scoring import (
    AccountData,
    Params,
    account_labels,
    base_columns,
    fit,
    load_accounts,
    time_split,
)
from kuzet.workspace import Workspace

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "amlsim" / "20K_fanin200cycle200"
VENV = Path.home() / ".cache" / "kuzet-bench" / "snapml-venv"
PEER_SCRIPT = Path(__file__).parent / "amlsim_snapml.py"
THREADS = 2
"""Threads for feature extraction (DuckDB; the Graph Feature Preprocessor)."""
FIT_THREADS = 1
"""Threads for the boosting (LightGBM; Snap ML): on 20,000 rows a second thread only adds
OpenMP spinning, which on a shared machine costs more than it gives."""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def peer_python() -> Path:
    """The Snap ML environment's interpreter, created on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} (python -m venv; pip install snapml==1.17.2)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run([str(python), "-c", "import snapml"], capture_output=True, check=False)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "snapml==1.17.2"], check=True)
    return python


def peer_input(
    ws: Workspace, data: AccountData, part: np.ndarray, y: np.ndarray, out: Path
) -> Path:
    """The ingested transfers as GFP's edge list (id, payer row, payee row, seconds, amount)."""
    t = ws.read("transactions", ["txn_id", "ts", "src_account_id", "dst_account_id", "amount_kzt"])
    micros = pc.cast(pc.cast(t.column("ts"), pa.timestamp("us")), pa.int64()).to_numpy()
    edges = np.column_stack(
        [
            t.column("txn_id").to_numpy(),
            data.rows(t.column("src_account_id").to_numpy()),
            data.rows(t.column("dst_account_id").to_numpy()),
            micros // 1_000_000,
            pc.cast(t.column("amount_kzt"), pa.float64()).to_numpy(),
        ]
    ).astype(np.float64)
    edges = edges[np.argsort(edges[:, 3], kind="stable")]
    path = out / "peer.npz"
    np.savez(path, edges=edges, part=part, label=y)
    return path


def run_peer(path: Path, rounds: int) -> dict[str, Any]:
    python = peer_python()
    done = subprocess.run(
        [str(python), str(PEER_SCRIPT), str(path), str(THREADS), str(FIT_THREADS), str(rounds)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OMP_NUM_THREADS": str(THREADS)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"the Snap ML peer failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_kuzet(
    ws: Workspace, rounds: int
) -> tuple[dict[str, Any], AccountData, np.ndarray, np.ndarray]:
    t0 = time.perf_counter()
    with open_backend("duckdb", threads=THREADS) as be:
        be.register_workspace(ws)
        data, specs = load_accounts(be)
    seconds = time.perf_counter() - t0
    y = data.mask(account_labels(ws))
    split = time_split(data.first_seen)
    out: dict[str, Any] = {
        "extract_seconds": round(seconds, 3),
        "tx_per_second": round(ws.row_count("transactions") / seconds),
        "split": split.counts(y),
        "train_until": split.train_until,
        "validate_until": split.validate_until,
    }
    for amounts in (True, False):
        cols = base_columns(specs, data.columns, amounts)
        for two_stage in (True, False):
            t1 = time.perf_counter()
            result = fit(
                data,
                y,
                split,
                cols,
                Params(rounds=rounds, threads=FIT_THREADS, two_stage=two_stage),
            )
            key = f"{'amounts' if amounts else 'no_amounts'}{'' if two_stage else '_stage1'}"
            out[key] = {
                "features": len(result.model.columns),
                "train_seconds": round(time.perf_counter() - t1, 1),
                "threshold": result.model.threshold,
                "validation": result.metrics["validation"],
                "test": result.metrics["test"],
            }
    return out, data, split.part, y


def _row(side: str, variant: str, r: dict[str, Any]) -> str:
    m = r["test"]
    return (
        f"| {side} | {variant} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} "
        f"| {r['validation']['f1']:.3f} | {r['features']} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--json", type=Path, help="Also write every figure to this JSON file.")
    args = ap.parse_args()
    print(f"load at start: {load()}", flush=True)
    raw = read_amlsim(args.data)
    with tempfile.TemporaryDirectory(prefix="kuzet-amlsim-") as tmp:
        t0 = time.perf_counter()
        ws = load_into_workspace(raw, Path(tmp) / "ws")
        ingest = time.perf_counter() - t0
        print(f"ingested {ws.row_count('transactions')} transfers in {ingest:.1f} s", flush=True)
        kuzet, data, part, y = run_kuzet(ws, args.rounds)
        print(f"kuzet done (load {load()})", flush=True)
        peer = (
            None
            if args.skip_peer
            else run_peer(peer_input(ws, data, part, y, Path(tmp)), args.rounds)
        )
    print(f"load at end: {load()}\n")
    print(f"split (accounts / labelled): {kuzet['split']}\n")
    print("| side | features | test precision | test recall | test F1 | validation F1 | columns |")
    print("|---|---|---|---|---|---|---|")
    for key, label in (
        ("amounts", "with amounts"),
        ("no_amounts", "without amounts"),
        ("amounts_stage1", "with amounts, stage 1 only"),
        ("no_amounts_stage1", "without amounts, stage 1 only"),
    ):
        print(_row("Kuzet", label, kuzet[key]))
        if peer is not None and key in peer:
            print(_row("Snap ML GFP", label, peer[key]))
    print("\n| side | features | extraction seconds | transfers/s (2 threads) |")
    print("|---|---|---|---|")
    print(f"| Kuzet | all | {kuzet['extract_seconds']} | {kuzet['tx_per_second']:,} |")
    if peer is not None:
        for key in ("amounts", "no_amounts"):
            r = peer[key]
            print(
                f"| Snap ML GFP | {key.replace('_', ' ')} | {r['extract_seconds']} "
                f"(GFP alone {r['gfp_seconds']}) | {r['tx_per_second']:,} |"
            )
    if args.json:
        args.json.write_text(json.dumps({"kuzet": kuzet, "peer": peer}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
