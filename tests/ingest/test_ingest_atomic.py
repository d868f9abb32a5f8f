"""All or nothing: unreadable files leave the workspace as it was; a file lands only once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kuzet.ingest import IngestError, ingest_files
from kuzet.workspace import Workspace

Write = Callable[[str, str], Path]
Digest = Callable[[Path], str]
HEADER = "txn_id,ts,type,channel,amount,currency,amount_kzt,status"
GOOD = f"{HEADER}\n1,2024-05-02T09:00:00,transfer,mobile,1.00,KZT,1.00,completed\n"
MORE = f"{HEADER}\n2,2024-05-02T09:00:00,transfer,mobile,1.00,KZT,1.00,completed\n"


@pytest.fixture
def loaded(ws: Workspace, write: Write) -> Workspace:
    """A workspace that already holds one ingested file, so 'unchanged' means something."""
    ingest_files(ws, "transactions", [write("first.csv", GOOD)])
    return ws


def test_same_file_twice_adds_nothing(ws: Workspace, write: Write, digest: Digest) -> None:
    path = write("t.csv", GOOD)
    first = ingest_files(ws, "transactions", [path])
    assert first.rows_loaded == 1 and not first.files[0].skipped
    before = digest(ws.root)
    again = ingest_files(ws, "transactions", [path])
    assert again.files[0].skipped
    assert again.files[0].note == "already ingested"
    assert again.rows_loaded == 0
    assert digest(ws.root) == before
    assert ws.row_count("transactions") == 1


def test_same_content_under_another_name_is_skipped(ws: Workspace, write: Write) -> None:
    a, b = write("a.csv", GOOD), write("copy/b.csv", GOOD)
    report = ingest_files(ws, "transactions", [a, b])
    assert [f.skipped for f in report.files] == [False, True]
    assert ws.row_count("transactions") == 1
    manifest = ws.load_manifest()["files"]
    assert manifest[report.files[0].sha256]["rows_loaded"] == 1


def test_several_files_land_together(ws: Workspace, write: Write) -> None:
    report = ingest_files(ws, "transactions", [write("a.csv", GOOD), write("b.csv", MORE)])
    assert report.rows_loaded == 2
    assert sorted(ws.read("transactions")["txn_id"].to_pylist()) == [1, 2]
    assert len(ws.load_manifest()["files"]) == 2


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Files that cannot be read at all, with a piece of the message each must give."""
    tmp.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, expect: str) -> None:
        p = tmp / name
        p.write_bytes(data)
        out[name] = (p, expect)

    put("missing_cols.csv", b"txn_id,ts\n1,2024-05-02\n", "missing required columns")
    put("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV")
    put("latin1.csv", GOOD.encode() + b"2,\xe9t\xe9,,,,,,\n", "not UTF-8")
    rows = MORE.split("\n")[1] + "\n"
    late = GOOD.encode() + rows.encode() * 20_000 + rows.replace("KZT", "KZ\xc9").encode("latin-1")
    put("late_latin1.csv", late, "20003: cannot read as CSV")  # past the header's 1 MiB look
    put("empty.csv", b"", "empty")
    put("dupes.csv", b"txn_id,txn_id\n1,2\n", "duplicate columns")
    put("corrupt.parquet", b"PAR1" + b"\x00" * 64 + b"PAR1", "Parquet")
    put("bad.xml", b"<Document><FIToFICstmrCdtTrf>\n<GrpHdr>\n</Document>", "malformed XML")
    put("other.xml", b"<Document><Invoice/></Document>", "not a pacs.008")
    put(
        "bomb.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>\n<d>&a;</d>',
        "DTDs",
    )
    put(
        "no_tx.xml",
        b"<Document><FIToFICstmrCdtTrf><GrpHdr/></FIToFICstmrCdtTrf></Document>",
        "without any CdtTrfTxInf",
    )
    lists = tmp / "list.parquet"
    pq.write_table(
        pa.table(
            {
                "txn_id": [[1]],
                "ts": ["2024-05-02"],
                "type": ["transfer"],
                "channel": ["pos"],
                "amount": [1.0],
                "currency": ["KZT"],
                "status": ["completed"],
            }
        ),
        lists,
    )
    out["list.parquet"] = (lists, "cannot become int64")
    return out


@pytest.mark.parametrize(
    "name",
    [
        "missing_cols.csv",
        "image.csv",
        "latin1.csv",
        "late_latin1.csv",
        "empty.csv",
        "dupes.csv",
        "corrupt.parquet",
        "bad.xml",
        "other.xml",
        "bomb.xml",
        "no_tx.xml",
        "list.parquet",
    ],
)
def test_unreadable_file_fails_once_and_changes_nothing(
    loaded: Workspace, write: Write, digest: Digest, tmp_path: Path, name: str
) -> None:
    path, expect = _bad_inputs(tmp_path / "bad")[name]
    before = digest(loaded.root)
    good = write("good_too.csv", MORE)  # a readable file in the same call must not land either
    with pytest.raises(IngestError) as err:
        ingest_files(loaded, "transactions", [good, path])
    message = str(err.value)
    assert str(path) in message
    assert expect in message
    assert digest(loaded.root) == before


def test_line_is_named_where_it_applies(ws: Workspace, tmp_path: Path) -> None:
    path, _ = _bad_inputs(tmp_path / "bad")["bad.xml"]
    with pytest.raises(IngestError) as err:
        ingest_files(ws, "transactions", [path])
    assert err.value.line == 3
    assert f"{path}:3:" in str(err.value)
    header_only, _ = _bad_inputs(tmp_path / "bad2")["missing_cols.csv"]
    with pytest.raises(IngestError, match=r"missing_cols\.csv:1: missing required columns"):
        ingest_files(ws, "transactions", [header_only])


@pytest.mark.parametrize(
    ("table", "fmt", "expect"),
    [
        ("no_such_table", "auto", "unknown table 'no_such_table'"),
        ("quarantine", "auto", "written by ingest"),
        ("transactions", "json", "unknown format"),
    ],
)
def test_bad_requests_change_nothing(
    loaded: Workspace, write: Write, digest: Digest, table: str, fmt: str, expect: str
) -> None:
    before = digest(loaded.root)
    with pytest.raises(IngestError, match=expect):
        ingest_files(loaded, table, [write("x.csv", MORE)], fmt=fmt)
    assert digest(loaded.root) == before


def test_missing_file_and_fresh_workspace(ws: Workspace, tmp_path: Path, write: Write) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_files(ws, "transactions", [tmp_path / "absent.csv"])
    assert not ws.root.exists()
    with pytest.raises(IngestError):
        ingest_files(ws, "transactions", [write("cols.csv", "txn_id\n1\n")])
    assert not ws.root.exists()  # the folders made for staging are gone again


def test_pacs008_into_another_table_is_refused(ws: Workspace, write: Write) -> None:
    path = write("m.xml", "<Document/>")
    with pytest.raises(IngestError, match="loads into transactions"):
        ingest_files(ws, "accounts", [path])


def test_csv_needs_a_table(ws: Workspace, write: Write) -> None:
    with pytest.raises(IngestError, match="name the table"):
        ingest_files(ws, None, [write("t.csv", GOOD)])
