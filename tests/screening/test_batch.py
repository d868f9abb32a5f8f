"""Batch screening gives what ``Matcher.match`` gives, name by name and party by party."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa

from kuzet.engine import open_backend
from kuzet.model.schemas import TABLES
from kuzet.screening import Alias, BirthDate, ListEntry, Match, Matcher, Query
from kuzet.screening.batch import BatchIndex, TokenTable, match_many
from kuzet.screening.names.compare import compare
from kuzet.screening.names.structure import ParsedName, parse
from kuzet.screening.parties import direct_hits
from kuzet.synth.names import draw_name, full, variants
from kuzet.workspace import Workspace

HARD = [
    "Ахметов Ерлан", "Ахметова Ерлан", "Ерлан", "Е. Ахметов", "Ахметов Е Серикович",
    "Серікұлы Ахмет", "Ахметов Серик Ерланович", "Жанбулатов Ерлан Серикович",
    "Erlan Zhanbulat", "Ким Чен Ир", "Kim Jong Il", 'ТОО "Ойдан Капитал"',
    "Oidan Kapital LLP", "Ойдан", "Мұсин Асқар", "Муса Аскар", "Ахметов Ахметов",
]  # fmt: skip


def _names(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out = list(HARD)
    for i in range(n):
        p = draw_name(rng, int(rng.integers(0, 7)), bool(rng.random() < 0.5), 1950 + i % 50)
        out += [v.text for v in variants(p)[:4]]
    return out


def test_vectorised_name_scores_equal_compare() -> None:
    texts = _names(40, 3)
    pairs: list[tuple[ParsedName, ParsedName]] = [
        (parse(a, entity=ent), parse(b, entity=ent))
        for i, a in enumerate(texts)
        for b in (texts if i < len(HARD) else texts[i % 7 :: 7])
        for ent in (False, True)
    ]
    table = TokenTable()
    q_ids, q_len = table.matrix([p[0] for p in pairs])
    c_ids, c_len = table.matrix([p[1] for p in pairs])
    ok = (q_len > 0) & (c_len > 0)
    got = table.name_scores(q_ids[ok], q_len[ok], c_ids[ok], c_len[ok])
    want = [compare(a, b).score for (a, b), keep in zip(pairs, ok, strict=True) if keep]
    assert len(want) > 5000 and any(w >= 0.85 for w in want) and any(w <= 0.5 for w in want)
    assert [round(float(g), 4) for g in got] == want


def _entries(seed: int) -> list[ListEntry]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(300):
        p = draw_name(rng, int(rng.integers(0, 7)), bool(rng.random() < 0.5), 1960 + i % 30)
        names = (Alias(full(p.ru())), Alias(variants(p)[2].text, "low" if i % 3 else "good"))
        ids = (("iin", f"{800101300000 + i}"),) if i % 5 == 0 else ()
        born = (BirthDate(dt.date(1960 + i % 30, 1 + i % 12, 1 + i % 28)),)
        out.append(ListEntry("t", f"P{i}", "person", names, born, ("kz",), ids))
    out.append(ListEntry("t", "E1", "entity", (Alias('ТОО "Ойдан Капитал"'),)))
    out.append(ListEntry("t", "K1", "person", (Alias("Ким Чен Ир"), Alias("Kim Jong Il"))))
    return out


def _queries(entries: list[ListEntry]) -> list[Query]:
    qs = [Query(t) for t in HARD]
    rng = np.random.default_rng(11)
    for i, e in enumerate(entries[:200]):
        born = e.birth_dates[0].date if e.birth_dates and i % 2 else dt.date(1971, 5, 5)
        ids = (("iin", f"{800101300000 + i + (i % 4 == 0)}"),) if i % 3 == 0 else ()
        qs.append(Query(e.names[1].name, "person", born, "KZ", ids, (e.names[0].name,)))
        # one word more: 0.8 on the name, a match only with the birth date and nationality
        qs.append(Query(e.names[0].name + " Қайрат", "person", born, "KZ"))
        p = draw_name(rng, int(rng.integers(0, 7)), bool(rng.random() < 0.5), 1970)
        qs.append(Query(full(p.kk()), None, aliases=(full(p.ru()),)))
    return [*qs, Query("Ойдан Капитал", "entity"), Query("Oidan Kapital", None)]


def _sig(got: list[Match]) -> list[tuple[object, ...]]:
    return [(x.entry.entry_id, x.score, x.query_name, x.list_name, x.to_dict()["words"])
            for x in got]  # fmt: skip


def test_match_many_equals_match_one_by_one() -> None:
    entries = _entries(5)
    m = Matcher(entries)
    qs = _queries(entries)
    want = [_sig(m.match(q, 0.85)) for q in qs]
    assert sum(len(w) for w in want) > 150
    assert [_sig(g) for g in match_many(BatchIndex(m), qs, 0.85)] == want
    assert match_many(BatchIndex(Matcher([])), qs[:3], 0.85) == [[], [], []]
    lower = [_sig(m.match(q, 0.7, limit=3)) for q in qs]
    assert [_sig(g) for g in match_many(BatchIndex(m), qs, 0.7, 3)] == lower


def _canon(name: str, cols: dict[str, list[object]]) -> pa.Table:
    schema = pa.schema([f.with_nullable(True) for f in TABLES[name].schema])
    n = len(next(iter(cols.values())))
    arrays = [pa.array(cols.get(f.name, [None] * n), f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def test_worker_processes_find_the_same_hits(tmp_path: Path) -> None:
    entries = _entries(5)
    ws = Workspace(tmp_path / "ws").create()
    names = [e.names[0].name for e in entries[:120]] + [e.names[1].name for e in entries[120:240]]
    ws.write_table("persons", _canon("persons", {
        "person_id": list(range(1, len(names) + 1)), "name_ru": names}))  # fmt: skip
    cps = ["Kim Jong Il", 'ТОО "Ойдан Капитал"', "Иванов Пётр"]
    ws.write_table("transactions", _canon("transactions", {"txn_id": [1, 2, 3], "cp_name": cps}))
    m = Matcher(entries)
    with open_backend("duckdb") as backend:
        backend.register_workspace(ws)
        one = direct_hits(backend, m, workers=1).to_pylist()
        two = direct_hits(backend, m, workers=2).to_pylist()
    assert one == two
    assert {(r["party_type"], r["entry_id"]) for r in one} >= {
        ("counterparty", "K1"),
        ("counterparty", "E1"),
        ("person", "P0"),
        ("person", "P239"),
    }
