"""``ingest_files``: input files into a workspace's canonical tables, all or nothing.

One call is one unit: every file is read, validated and staged under ``_kuzet/tmp`` first;
only when all of them could be read are the staged files renamed into ``data/`` together
(``Workspace.transaction``) and the manifest updated, last. A file that cannot be read at
all raises ``IngestError`` and the workspace is left as it was. A file whose content (sha256)
is in the manifest is skipped, so running the same ingest twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kuzet.ingest import _pacs008
from kuzet.ingest._arrow import Arr, ints
from kuzet.ingest._csv import CsvSource, read_header
from kuzet.ingest._errors import IngestError
from kuzet.ingest._fx import Fx
from kuzet.ingest._parquet import ParquetSource, check_types, open_parquet
from kuzet.ingest._pipeline import ParquetStreams, prefetch
from kuzet.ingest._quarantine import QuarantineLog
from kuzet.ingest._report import FileReport, IngestReport
from kuzet.ingest._validate import Checked, check_batch, required_inputs
from kuzet.ingest._xml import XmlError, parse
from kuzet.model.schemas import TABLES, Table
from kuzet.workspace import PARQUET_OPTIONS, QUARANTINE, Workspace

Format = Literal["auto", "csv", "parquet", "pacs008"]
FORMATS = ("auto", "csv", "parquet", "pacs008")
ProgressFn = Callable[[Path, int, int], None]
"""Called as ``progress(file, bytes_done, bytes_total)`` while a file is read."""


class Source(Protocol):
    typed: bool
    rows_read: int
    shape_errors: list[tuple[int, str]]

    def batches(self) -> Iterator[pa.RecordBatch]: ...
    def position(self) -> int: ...
    def lines(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]: ...
    def shape_lines(self) -> npt.NDArray[np.int64]: ...


def fingerprint(path: Path) -> tuple[str, int]:
    """The sha256 of a file and its number of lines, in one pass over it.

    The line count lets a CSV reader see at once whether every record sits on one line.
    """
    h = hashlib.sha256()
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
            lines += int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == 10))
            last = chunk[-1:]
    return h.hexdigest(), lines + (last != b"\n")


def sniff(path: Path) -> str:
    """The format of a file from its first bytes: Parquet magic, XML, else CSV."""
    with path.open("rb") as f:
        head = f.read(512)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "pacs008"
    return "csv"


class _Run:
    """State shared by the files of one call: staging, ids, rates, the time of the run."""

    def __init__(self, ws: Workspace, staged: list[tuple[Path, str, str]]) -> None:
        self.ws = ws
        self.staged = staged
        self.fx = Fx()
        self.when = dt.datetime.now(dt.UTC)
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kuzet-ingest")
        self.pending: list[Future[None]] = []
        self._stored_max: int | None = None
        self._loaded_max = 0

    def staged_for(self, table: str, name: str) -> Path:
        """A staged path that the transaction publishes as ``data/<table>/<name>``."""
        path = self.ws.staged_path()
        self.staged.append((path, table, name))
        return path

    def stage(self, table: str, data: pa.Table, name: str) -> None:
        """Write ``data`` to a staged file in the background; it is published with the rest."""
        path = self.ws.staged_path()
        self.staged.append((path, table, name))
        self.pending.append(self.pool.submit(pq.write_table, data, path, **PARQUET_OPTIONS))

    def wait(self) -> None:
        for fut in self.pending:
            fut.result()
        self.pending.clear()

    def next_txn_id(self) -> int:
        """The first free ``txn_id``: after the workspace's maximum and any loaded by this run."""
        if self._stored_max is None:
            files = self.ws.files("transactions")
            top = pc.max(self.ws.read("transactions", ["txn_id"])["txn_id"]) if files else None
            self._stored_max = (top.as_py() if top is not None else None) or 0
        return max(self._stored_max, self._loaded_max) + 1

    def saw_txn_ids(self, ids: Arr | pa.ChunkedArray[Any]) -> None:
        """Remember the largest ``txn_id`` this run loads (no need to read the workspace yet)."""
        top = pc.max(ids).as_py() if len(ids) else None
        if top is not None:
            self._loaded_max = max(self._loaded_max, int(top))

    def resolve_ibans(self, ibans: Iterable[str]) -> dict[str, int]:
        ibans = list(ibans)
        if not ibans or not self.ws.files("accounts"):
            return {}
        acc = self.ws.read("accounts", ["iban", "account_id"])
        hit = acc.filter(pc.is_in(acc["iban"], value_set=pa.array(list(ibans), pa.string())))
        return {str(r["iban"]): int(r["account_id"]) for r in hit.to_pylist()}


def _open(
    path: Path, fmt: str, spec: Table, delimiter: str, report: FileReport, lines: int
) -> Source:
    """Open a CSV or Parquet input and check its columns, before any row is read."""
    if fmt == "csv":
        header = read_header(path, delimiter)
        names = header
    else:
        pfile = open_parquet(path)
        names = pfile.schema_arrow.names
    keep = [n for n in names if n in spec]
    unknown = [n for n in names if n not in spec]
    missing = [n for n in required_inputs(spec) if n not in keep]
    if missing:
        raise IngestError(
            path,
            f"missing required columns for table {spec.name}: {', '.join(missing)}"
            f" (the file has: {', '.join(names) or 'none'})",
            line=1 if fmt == "csv" else None,
        )
    if unknown:
        report.warnings.append(f"ignored columns unknown to {spec.name}: {', '.join(unknown)}")
    if fmt == "csv":
        return CsvSource(path, delimiter, header, keep, lines)
    check_types(path, pfile.schema_arrow, spec, keep)
    return ParquetSource(path, pfile, keep)


def _tabular(
    run: _Run, path: Path, source: Source, spec: Table, report: FileReport, progress: ProgressFn
) -> None:
    log = QuarantineLog(spec.name, path, report.sha256)
    offset = 0
    size = path.stat().st_size
    streams = ParquetStreams(
        spec.schema,
        lambda k: run.staged_for(spec.name, f"ingest-{report.sha256[:16]}-{k:04d}.parquet"),
    )
    try:
        for batch in prefetch(source.batches()):
            checked = check_batch(batch, spec, typed=source.typed, fx=run.fx)
            names = set(batch.schema.names)
            for f in checked.failures:
                values = batch.column(f.field).take(f.rows) if f.field in names else None
                log.add(f, offset, values)
            good = checked.good()
            if spec.name == "transactions":
                run.saw_txn_ids(good["txn_id"])
            streams.write(good)
            report.rows_loaded += good.num_rows
            report.rows_quarantined += int(checked.bad.sum())
            offset += batch.num_rows
            progress(path, source.position(), size)
    finally:
        streams.close()
    if source.shape_errors:
        texts = [t for _, t in source.shape_errors]
        log.add_records("row_shape", source.shape_lines(), texts)
        report.rows_quarantined += len(texts)
    report.rows_read = offset + len(source.shape_errors)
    report.loaded = {spec.name: report.rows_loaded}
    _stage_quarantine(run, log, source.lines, report)


def _stage_quarantine(
    run: _Run,
    log: QuarantineLog,
    lines: Callable[[npt.NDArray[np.int64]], npt.NDArray[np.int64]],
    report: FileReport,
    suffix: str = "",
) -> None:
    if log.count:
        table = log.build(lines, run.when)
        run.stage(QUARANTINE, table, f"ingest-{report.sha256[:16]}{suffix}.parquet")
        report.reasons.update(log.tally())


def _xml_lines(batch: pa.RecordBatch, checked: Checked, log: QuarantineLog) -> None:
    rec_lines = np.asarray(batch.column(_pacs008.LINE).to_numpy(zero_copy_only=False))
    names = set(batch.schema.names)
    for f in checked.failures:
        own = _pacs008.LINE + (f.field or "")
        lines = rec_lines[f.rows]
        if own in names:
            lines = ints(batch.column(own).take(f.rows))
            lines = np.where(lines > 0, lines, rec_lines[f.rows])
        values = batch.column(f.field).take(f.rows) if f.field in names else None
        log.add(f, 0, values, lines.astype(np.int64))


def _pacs(run: _Run, path: Path, report: FileReport) -> None:
    try:
        root = parse(path)
        trans_raw, party_raw = _pacs008.read(root, run.resolve_ibans)
    except (XmlError, _pacs008.Pacs008Error) as exc:
        raise IngestError(path, str(exc), line=exc.line) from None
    trans_batch = trans_raw.combine_chunks().to_batches()[0]
    tx = check_batch(trans_batch, TABLES["transactions"], typed=False, fx=run.fx)
    bad_tx = tx.bad.copy()
    parent = np.zeros(0, dtype=np.int64)
    parties: Checked | None = None
    party_batch: pa.RecordBatch | None = None
    if party_raw.num_rows:
        party_batch = party_raw.combine_chunks().to_batches()[0]
        parties = check_batch(party_batch, TABLES["payment_parties"], typed=False, fx=run.fx)
        parent = np.asarray(party_batch.column(_pacs008.PARENT).to_numpy(zero_copy_only=False))
        bad_tx[parent[parties.bad]] = True  # a transaction stands or falls with its parties
    n_good = int((~bad_tx).sum())
    first = run.next_txn_id()
    ids = np.full(len(bad_tx), -1, dtype=np.int64)
    ids[~bad_tx] = np.arange(first, first + n_good)
    good_tx = tx.table.filter(pa.array(~bad_tx))
    good_tx = good_tx.set_column(0, "txn_id", pa.array(ids[~bad_tx], pa.int64()))
    run.saw_txn_ids(good_tx["txn_id"])
    stem = f"ingest-{report.sha256[:16]}-0000.parquet"
    if n_good:
        run.stage("transactions", good_tx, stem)
    report.loaded = {"transactions": n_good}
    if parties is not None and party_batch is not None:
        keep = ~bad_tx[parent] & ~parties.bad
        good_parties = parties.table.filter(pa.array(keep))
        good_parties = good_parties.set_column(0, "txn_id", pa.array(ids[parent[keep]], pa.int64()))
        if good_parties.num_rows:
            run.stage("payment_parties", good_parties, stem)
        report.loaded["payment_parties"] = good_parties.num_rows
        plog = QuarantineLog("payment_parties", path, report.sha256)
        _xml_lines(party_batch, parties, plog)
        _stage_quarantine(run, plog, lambda r: r + 1, report, "-parties")
    tlog = QuarantineLog("transactions", path, report.sha256)
    _xml_lines(trans_batch, tx, tlog)
    _stage_quarantine(run, tlog, lambda r: r + 1, report)
    report.rows_read = len(bad_tx)
    report.rows_loaded = n_good
    report.rows_quarantined = int(bad_tx.sum())


def _check_request(table: str | None, fmt: str, delimiter: str) -> None:
    if fmt not in FORMATS:
        raise IngestError(None, f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if len(delimiter) != 1:
        raise IngestError(None, f"the delimiter must be one character, got {delimiter!r}")
    if table is not None and table not in TABLES:
        raise IngestError(
            None, f"unknown table {table!r}; canonical tables are: {', '.join(sorted(TABLES))}"
        )
    if table == QUARANTINE:
        raise IngestError(None, "the quarantine table is written by ingest, not ingested into")


def _plan(table: str | None, fmt: str, path: Path) -> tuple[str, str]:
    """(format, table) for one file, or a clear error."""
    if not path.is_file():
        raise IngestError(path, "no such file")
    actual = sniff(path) if fmt == "auto" else fmt
    if actual == "pacs008":
        if table not in (None, "transactions"):
            raise IngestError(
                path,
                f"a pacs.008 message loads into transactions, not {table} (use --table "
                "transactions; its parties go to payment_parties)",
            )
        return actual, "transactions"
    if table is None:
        raise IngestError(path, f"name the table that this {actual.upper()} file loads into")
    return actual, table


def _created_dirs(ws: Workspace) -> list[Path]:
    """Folders ingest may create, deepest first, that do not exist yet (removed on failure)."""
    return [d for d in (ws.tmp_dir, ws.meta_dir, ws.data_dir, ws.root) if not d.exists()]


def ingest_files(
    ws: Workspace,
    table: str | None,
    paths: Sequence[Path],
    *,
    fmt: Format | str = "auto",
    delimiter: str = ",",
    progress: ProgressFn | None = None,
) -> IngestReport:
    """Load files into ``table`` (pacs.008: ``transactions`` and ``payment_parties``).

    Raises ``IngestError`` naming the file (and line) when a file cannot be read at all;
    then nothing is written. Rows that fail validation go to ``quarantine``.
    """
    _check_request(table, fmt, delimiter)
    plans = [(Path(p), *_plan(table, fmt, Path(p))) for p in paths]
    notify = progress or (lambda _p, _d, _t: None)
    manifest = ws.load_manifest()
    seen: dict[str, dict[str, object]] = dict(manifest.get("files", {}))
    report = IngestReport()
    fresh_dirs = _created_dirs(ws)
    try:
        with ws.transaction() as staged:
            run = _Run(ws, staged)
            try:
                for path, file_fmt, file_table in plans:
                    digest, lines = fingerprint(path)
                    rep = FileReport(path, digest, file_fmt, file_table)
                    report.files.append(rep)
                    if digest in seen:
                        rep.skipped, rep.note = True, "already ingested"
                        continue
                    if file_fmt == "pacs008":
                        _pacs(run, path, rep)
                    else:
                        spec = TABLES[file_table]
                        source = _open(path, file_fmt, spec, delimiter, rep, lines)
                        _tabular(run, path, source, spec, rep, notify)
                    notify(path, path.stat().st_size, path.stat().st_size)
                    seen[digest] = _manifest_entry(rep, run.when)
                run.wait()
            finally:
                run.pool.shutdown(wait=True, cancel_futures=True)
    except BaseException:
        for d in fresh_dirs:
            if d.is_dir() and not any(d.iterdir()):
                d.rmdir()
        raise
    if any(not f.skipped for f in report.files):
        ws.save_manifest({**manifest, "files": seen})
    return report


def _manifest_entry(rep: FileReport, when: dt.datetime) -> dict[str, object]:
    return {
        "path": str(rep.path),
        "table": rep.table,
        "format": rep.format,
        "rows_read": rep.rows_read,
        "rows_loaded": rep.rows_loaded,
        "rows_quarantined": rep.rows_quarantined,
        "loaded": rep.loaded,
        "ingested_at": when.isoformat(),
    }
