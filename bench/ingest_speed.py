"""How fast ``ingest_files`` loads transactions from CSV and from Parquet, fully validated.

Generates a synthetic transactions file (3M rows by default, about 0.1% bad: unknown types
and channels, unparseable or negative amounts, broken timestamps; foreign-currency rows
without ``amount_kzt`` so exchange rates are applied), writes it as CSV and as Parquet in a
temporary folder, ingests each into a fresh workspace and prints rows per second.

    python bench/ingest_speed.py [--rows N]

Targets on 2 cores: Parquet ≥ 1,000,000 rows/s, CSV ≥ 300,000 rows/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from kuzet.ingest import ingest_files
from kuzet.model.identifiers import IBAN
from kuzet.model.money import to_money
from kuzet.workspace import Workspace

BAD_SHARE = 0.001


def make(n: int, seed: int = 7) -> pa.Table:
    """A typed synthetic transactions table (timestamps UTC, amounts decimal)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00", "us")
    ts = start + rng.integers(0, 365 * 86_400, n).astype("timedelta64[s]")
    cents = rng.lognormal(10, 1.6, n).astype(np.int64) + 100
    currency = rng.choice(["KZT", "USD", "EUR", "RUB"], n, p=[0.94, 0.03, 0.02, 0.01])
    foreign = currency != "KZT"
    amount = to_money(cents / 100)
    kzt = pc.if_else(pa.array(foreign), pa.scalar(None, pa.decimal128(18, 2)), amount)
    ibans = [IBAN.make(f"{900 + i % 20}", f"KZT{i:010d}") for i in range(1000)]
    has_cp = rng.random(n) < 0.3
    return pa.table(
        {
            "txn_id": pa.array(np.arange(1, n + 1), pa.int64()),
            "ts": pa.array(ts, pa.timestamp("us")).cast(pa.timestamp("us", tz="UTC")),
            "type": rng.choice(["transfer", "card_payment", "cash_withdrawal", "salary"], n),
            "channel": rng.choice(["mobile", "pos", "atm", "internet"], n),
            "src_account_id": pa.array(rng.integers(1, 500_000, n), pa.int64()),
            "dst_account_id": pa.array(rng.integers(1, 500_000, n), pa.int64()),
            "cp_name": pa.array(np.where(has_cp, "ТОО «Дала Трейд»", None), pa.string()),
            "cp_iban": pa.array(
                np.where(has_cp, np.array(ibans)[rng.integers(0, 1000, n)], None), pa.string()
            ),
            "amount": amount,
            "currency": currency,
            "amount_kzt": kzt,
            "knp": rng.choice(["119", "311", "710", "859"], n),
            "kod": rng.choice(["19", "17"], n),
            "kbe": rng.choice(["19", "17"], n),
            "narrative": rng.choice(["перевод", "оплата товаров", "зарплата", "аренда"], n),
            "status": rng.choice(["completed", "attempted", "rejected"], n, p=[0.97, 0.02, 0.01]),
        }
    )


def spoil(table: pa.Table, seed: int = 8) -> dict[str, pa.Array]:
    """Text columns with a share of bad values, as a CSV export would carry them."""
    rng = np.random.default_rng(seed)
    n = table.num_rows
    cols = {
        name: table[name].cast(pa.string()).to_numpy(zero_copy_only=False)
        for name in ("ts", "type", "amount", "channel")
    }
    cols["ts"] = np.char.replace(cols["ts"].astype(str), "Z", "+00:00")
    for name, bad in [
        ("ts", "31.12.2024"),
        ("type", "wire"),
        ("amount", "1 000,00"),
        ("channel", "pigeon"),
    ]:
        rows = rng.random(n) < BAD_SHARE / 4
        cols[name] = np.where(rows, bad, cols[name])
    return {k: pa.array(v, pa.string()) for k, v in cols.items()}


def run(kind: str, path: Path, root: Path) -> tuple[int, float]:
    ws = Workspace(root / f"ws-{kind}")
    t0, c0 = time.perf_counter(), time.process_time()
    report = ingest_files(ws, "transactions", [path])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    f = report.files[0]
    rate = f.rows_read / seconds
    # CPU seconds of all threads: on a shared machine the wall clock also counts others' work
    print(
        f"{kind:8s} {f.rows_read:>10,} rows  {seconds:6.2f} s  {rate:>12,.0f} rows/s"
        f"  cpu {cpu:5.2f} s ({cpu / seconds:.2f} cores)"
        f"  (loaded {f.rows_loaded:,}, quarantined {f.rows_quarantined:,}, "
        f"{path.stat().st_size / 2**20:,.0f} MiB)"
    )
    return f.rows_read, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    args = parser.parse_args()
    print(
        f"ingest_speed: {args.rows:,} transactions, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, pyarrow {pa.__version__},"
        f" {dt.datetime.now(dt.UTC):%Y-%m-%d}"
    )
    with tempfile.TemporaryDirectory(prefix="kuzet-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        typed = make(args.rows)
        text = typed
        for name, col in spoil(typed).items():
            text = text.set_column(text.schema.get_field_index(name), name, col)
        csv_path, pq_path = root / "transactions.csv", root / "transactions.parquet"
        pcsv.write_csv(text, csv_path)
        bad_type = pa.array(
            np.where(
                np.random.default_rng(9).random(args.rows) < BAD_SHARE,
                "wire",
                typed["type"].to_numpy(zero_copy_only=False),
            )
        )
        pq.write_table(typed.set_column(2, "type", bad_type), pq_path)
        print(f"generated in {time.perf_counter() - t0:.1f} s")
        run("csv", csv_path, root)
        run("parquet", pq_path, root)


if __name__ == "__main__":
    main()
