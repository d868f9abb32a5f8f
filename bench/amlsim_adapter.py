"""AMLSim's sample (nodes.csv.gz, transactions.csv.gz) as canonical CSV files, ingested by Kuzet.

AMLSim has accounts, transfers between them with a simulation step, and a laundering flag
per account. The adapter writes one canonical CSV per table and loads them through
``kuzet.ingest.ingest_files`` (full validation, as any bank file):

- ``banks``: one bank; ``persons``: one holder per account (valid IINs, placeholder names);
- ``accounts``: account_id = AMLSim node id + 1, a valid KZ IBAN, opened on the start date;
- ``transactions``: step ``s`` is day ``s`` after 2025-01-01 (UTC); transfers of one step
  keep their file order one second apart; amounts as given, in KZT;
- ``labels``: every account with ``isFraud = 1`` (scheme ``amlsim``, family LAYER).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kuzet.ingest import ingest_files
from kuzet.model.identifiers import IBAN, IIN
from kuzet.workspace import Workspace

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
"""Step 0 of the simulation."""
BANK_ID, BIC, BANK_CODE = 1, "AMLSKZKA", "999"


@dataclass(frozen=True)
class AmlSim:
    """The sample as arrays (node ids as in the files)."""

    fraud: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    step: np.ndarray
    value: np.ndarray
    value_text: list[str]

    @property
    def accounts(self) -> int:
        return int(self.fraud.size)


def read_amlsim(folder: Path) -> AmlSim:
    with gzip.open(folder / "nodes.csv.gz", "rt", newline="") as f:
        nodes = list(csv.DictReader(f))
    fraud = np.zeros(len(nodes), dtype=bool)
    for row in nodes:
        fraud[int(row["nodeid"])] = row["isFraud"] == "1"
    with gzip.open(folder / "transactions.csv.gz", "rt", newline="") as f:
        rows = list(csv.DictReader(f))
    src = np.array([int(r["sourceNodeId"]) for r in rows], dtype=np.int64)
    dst = np.array([int(r["targetNodeId"]) for r in rows], dtype=np.int64)
    step = np.array([int(r["time"]) for r in rows], dtype=np.int64)
    text = [r["value"] for r in rows]
    return AmlSim(fraud, src, dst, step, np.array(text, dtype=np.float64), text)


def seconds(data: AmlSim) -> np.ndarray:
    """Epoch seconds of each transfer: its step's day, one second apart within a step."""
    order = np.argsort(data.step, kind="stable")
    within = np.empty(data.step.size, dtype=np.int64)
    s = data.step[order]
    first = np.searchsorted(s, s, side="left")
    within[order] = np.arange(s.size) - first
    return int(START.timestamp()) + data.step * 86_400 + within


def _iin(node: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=node // 2000)
    for serial in range(node % 2000, 10_000, 2000):
        iin = IIN.make(birth, "M", serial)
        if iin is not None:
            return iin
    raise ValueError(f"no IIN for node {node}")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_canonical(data: AmlSim, out: Path) -> dict[str, Path]:
    """One canonical CSV per table under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    opened = (START.date() - dt.timedelta(days=1)).isoformat()
    n = data.accounts
    files = {
        "banks": _write(
            out / "banks.csv",
            ["bank_id", "bic", "bank_code", "name", "country", "kind"],
            [[BANK_ID, BIC, BANK_CODE, "AMLSim bank", "KZ", "bank"]],
        ),
        "persons": _write(
            out / "persons.csv",
            ["person_id", "iin", "last_name", "first_name", "birth_date", "resident"],
            [[i + 1, _iin(i), "AMLSim", f"Account {i}", "1970-01-01", "true"] for i in range(n)],
        ),
        "accounts": _write(
            out / "accounts.csv",
            [
                "account_id",
                "iban",
                "bank_id",
                "holder_type",
                "holder_id",
                "product",
                "currency",
                "opened",
            ],
            [
                [
                    i + 1,
                    IBAN.make(BANK_CODE, f"{i:013d}"),
                    BANK_ID,
                    "person",
                    i + 1,
                    "current",
                    "KZT",
                    opened,
                ]
                for i in range(n)
            ],
        ),
    }
    secs = seconds(data)
    iso = [dt.datetime.fromtimestamp(int(t), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for t in secs]
    files["transactions"] = _write(
        out / "transactions.csv",
        ["txn_id", "ts", "type", "channel", "src_account_id", "dst_account_id", "amount",
         "currency", "amount_kzt", "status"],
        [[k + 1, iso[k], "transfer", "internet", int(data.src[k]) + 1, int(data.dst[k]) + 1,
          data.value_text[k], "KZT", data.value_text[k], "completed"]
         for k in range(data.src.size)],
    )  # fmt: skip
    files["labels"] = _write(
        out / "labels.csv",
        ["scheme_id", "family", "typology", "object_type", "object_id", "role"],
        [["amlsim-20K_fanin200cycle200", "LAYER", "fan_in_or_cycle", "account", i + 1, "launderer"]
         for i in np.flatnonzero(data.fraud)],
    )  # fmt: skip
    return files


def load_into_workspace(data: AmlSim, root: Path) -> Workspace:
    """Write the canonical CSVs and ingest them into a new workspace at ``root``."""
    ws = Workspace(root).create()
    files = write_canonical(data, root / "input")
    for table, path in files.items():
        report = ingest_files(ws, table, [path])
        bad = ws.row_count("quarantine") if ws.files("quarantine") else 0
        if bad:
            raise RuntimeError(f"ingest of {path} quarantined rows: {report}")
    return ws
