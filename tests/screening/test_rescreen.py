"""A new list version re-screens only what it touches, and lands where a full run would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kuzet.engine import open_backend
from kuzet.screening import ListStore, Matcher, run
from kuzet.screening.parties import direct_hits
from kuzet.screening.run import lists_dir, rescreen, screened_versions
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rescreen") / "w"
    generate(SynthConfig(800, 10, 3), out)
    return out


def _csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("id,kind,name\n" + "".join(f"{i},person,{n}\n" for i, n in rows), "utf-8")
    return path


def _key(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r["party_type"], r["party_id"], r["party_name"], r["role"], r["list_id"],
            r["entry_id"], r["score"], r["explanation"])  # fmt: skip


def test_list_change_rescreens_only_touched_entries(world: Path, tmp_path: Path) -> None:
    ws = Workspace(world)
    people = ws.read("persons").to_pylist()
    by_surname: dict[str, dict[str, Any]] = {}
    for p in people:
        by_surname.setdefault(str(p["last_name"]).rstrip("аa"), p)
    p1, p2, p3, p4, p5, *rest = list(by_surname.values())[:35]
    same = [(f"S-{p['person_id']}", str(p["name_ru"])) for p in rest]  # in both versions
    store = ListStore(lists_dir(ws))
    store.load("un", _csv(tmp_path / "un.csv", [("U-1", "Вымыслов Ойдан")]))
    v1 = [("A", p1["name_lat"]), ("B", p2["name_ru"]), ("C", p3["name_ru"]),
          ("D", "Никтоев Вымышлен"), *same]  # fmt: skip
    store.load("custom", _csv(tmp_path / "v1.csv", v1))
    run(ws)
    before = ws.read("screening_hits").to_pylist()
    assert {"A", "B", "C"} <= {h["entry_id"] for h in before}
    assert screened_versions(ws) == {"un": 1, "custom": 1}

    v2 = [("A", p1["name_lat"]), ("B", p4["name_ru"]), ("E", p5["name_kk"]),
          ("D", "Никтоев Вымышлен"), *same]  # fmt: skip
    diff = store.load("custom", _csv(tmp_path / "v2.csv", v2))
    assert (diff.added, diff.changed, diff.removed) == (("E",), ("B",), ("C",))
    done = rescreen(ws, diff, store)
    assert done is not None and done.incremental
    assert done.entries_screened == 2  # B and E, not A, D or the UN entry

    after = ws.read("screening_hits").to_pylist()
    untouched = {"A", "D", "U-1", *(i for i, _ in same)}
    kept_before = {_key(h) for h in before if h["entry_id"] in untouched}
    kept_after = {_key(h) for h in after if h["entry_id"] in untouched}
    assert kept_before and kept_after == kept_before  # the same rows, explanations and all
    assert not [h for h in after if h["entry_id"] == "C"]
    b_parties = {h["party_id"] for h in after if h["entry_id"] == "B" and h["party_id"]}
    assert p4["person_id"] in b_parties and p2["person_id"] not in b_parties
    assert p5["person_id"] in {h["party_id"] for h in after if h["entry_id"] == "E"}
    assert done.withdrawn == sum(1 for h in before if h["entry_id"] in {"B", "C"}
                                 and h["role"] != "owned_by_listed")  # fmt: skip
    assert screened_versions(ws) == {"un": 1, "custom": 2}

    # The same result as screening everything again, at a fraction of the comparisons.
    full = Matcher(store.all_current())
    with open_backend("duckdb") as backend:
        backend.register_workspace(ws)
        direct = direct_hits(backend, full, 0.85).to_pylist()
    assert {_key(h) for h in direct} == {_key(h) for h in after if h["role"] != "owned_by_listed"}
    assert 0 < done.comparisons < full.comparisons / 5
    assert done.kept >= len(same)

    # A version the hits never saw (v3 loaded without re-screening) forces a full run.
    d3 = store.load("custom", _csv(tmp_path / "v3.csv", v2[:2]))
    d4 = store.load("custom", _csv(tmp_path / "v4.csv", v2[:1]))
    assert d3.new_version == 3
    redo = rescreen(ws, d4, store)
    assert redo is not None and not redo.incremental
    assert {h["entry_id"] for h in ws.read("screening_hits").to_pylist()} <= {"A", "U-1"}
    assert screened_versions(ws)["custom"] == 4


def test_rescreen_before_any_run_does_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws").create()
    store = ListStore(lists_dir(ws))
    diff = store.load("custom", _csv(tmp_path / "v1.csv", [("A", "Вымыслов Ойдан")]))
    assert rescreen(ws, diff, store) is None
