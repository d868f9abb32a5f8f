"""The FMA's first pack (``packs/afm-2026.1.yaml``, one file) as shipped: valid, and every
feature and indicator compiled per dialect against a snapshot.

The pack is checked with the real loader and validator. It holds the money-flow families
(drops, cash-out, structuring, layering) and the sector families (TBML, LOAN, VA, RE, LUX,
GAM, PF; their features are named ``sec_*``). A reviewer sees SQL changes as diffs of
``tests/typologies/golden/afm-2026.1/``; regenerate after an intended change with
``KUZET_UPDATE_GOLDEN=1 pytest tests/typologies/test_afm_pack.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from kuzet.engine import ENGINES
from kuzet.typologies import RunWindow, compile_feature, compile_indicator, read_pack
from kuzet.typologies._loader import BUILTIN_PACKS, builtin_packs

PACK_FILE = BUILTIN_PACKS / "afm-2026.1.yaml"
GOLDEN = Path(__file__).parent / "golden" / "afm-2026.1"
UPDATE = os.environ.get("KUZET_UPDATE_GOLDEN") == "1"
PLACEHOLDER = re.compile(r"\$[A-Za-z_]")  # a `$name` left unbound
WINDOW = RunWindow(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
PACK = read_pack(PACK_FILE)

FAMILIES = ("MULE", "CASH", "STRUCT", "LAYER")
SECTOR_FAMILIES = ("TBML", "LOAN", "VA", "RE", "LUX", "GAM", "PF")
MONEY_FLOW = re.compile(rf"^({'|'.join(FAMILIES)})-\d\d$")
INDICATORS = sorted(i for i in PACK.indicators if MONEY_FLOW.match(i))
MONEY_FLOW_FEATURES = (
    "party_link",
    "acct",
    "xfer",
    "cash_op",
    "p2p_in",
    "person_debit",
    "person_p2p",
    "firm_payout",
    "payout_cash",
    "person_cashout",
    "firm_cashout",
    "firm_feeder",
    "big_flow",
    "relay_event",
    "fast_out",
    "relay",
)
CASES = [
    (kind, i, e)
    for kind, ids in (("indicator", list(PACK.indicators)), ("feature", list(PACK.features)))
    for i in ids
    for e in ENGINES
]


def _compiled(kind: str, item_id: str, engine: str) -> str:
    if kind == "feature":
        return compile_feature(PACK.features[item_id], engine, window=WINDOW, pretty=True)
    return compile_indicator(PACK.indicators[item_id], engine, window=WINDOW, pretty=True)


def test_the_pack_is_shipped_and_valid() -> None:
    assert PACK_FILE in builtin_packs()
    assert (PACK.id, PACK.issuer, PACK.version) == ("afm-2026.1", "АФМ РК", "2026.1")
    assert PACK.effective_from == dt.date(2026, 1, 1)
    assert PACK.in_force(dt.date(2026, 6, 1))


def test_the_first_pack_is_one_file() -> None:
    shipped = [p for p in builtin_packs() if p.name.startswith("afm-2026.1")]
    assert shipped == [PACK_FILE]
    for family in SECTOR_FAMILIES:
        assert any(i.startswith(f"{family}-") for i in PACK.indicators), family
        assert any(t.family == family for t in PACK.typologies.values()), family


def test_every_money_flow_family_has_indicators_and_a_typology() -> None:
    for family in FAMILIES:
        assert any(i.startswith(f"{family}-") for i in INDICATORS), family
        assert any(t.family == family for t in PACK.typologies.values()), family


def test_every_money_flow_indicator_serves_a_typology_of_its_family() -> None:
    for ind in INDICATORS:
        family = ind.split("-")[0]
        assert any(
            t.family == family and ind in {m.indicator for m in t.members}
            for t in PACK.typologies.values()
        ), ind


def test_indicators_are_documented_for_the_banks_that_run_them() -> None:
    for ind_id in INDICATORS:
        ind = PACK.indicators[ind_id]
        assert {"kk", "ru", "en"} <= set(ind.titles) and all(ind.titles.values()), ind_id
        assert ind.legal_ref, ind_id
        assert ind.subject == "account", ind_id
        for p in ind.params.values():
            assert p.description, f"{ind_id}.{p.name}"


def test_the_shared_features_are_there_and_not_the_sector_namespace() -> None:
    assert set(MONEY_FLOW_FEATURES) <= set(PACK.features)
    assert not [f for f in MONEY_FLOW_FEATURES if f.startswith("sec_")]


@pytest.mark.parametrize(("kind", "item_id", "engine"), CASES)
def test_compiled_sql_matches_golden(kind: str, item_id: str, engine: str) -> None:
    path = GOLDEN / f"{item_id}.{engine}.sql"
    sql = _compiled(kind, item_id, engine) + "\n"
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, "utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written; rerun")
    assert sql == path.read_text("utf-8"), f"regenerate with KUZET_UPDATE_GOLDEN=1: {path.name}"


def test_every_golden_file_belongs_to_the_pack() -> None:
    expected = {f"{i}.{e}.sql" for _, i, e in CASES}
    assert {p.name for p in GOLDEN.glob("*.sql")} <= expected


def test_no_placeholder_survives_compilation() -> None:
    for kind, item_id, engine in CASES:
        assert not PLACEHOLDER.search(_compiled(kind, item_id, engine)), item_id
