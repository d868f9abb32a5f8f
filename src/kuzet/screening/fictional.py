"""The fictional lists shipped with Kuzet: a UN-style consolidated list, the FMA's TF list and
its PF list, every entry invented (``fixtures/``). The demo, the detection benchmark and the
tests load them the same way, so that a synthetic world is screened as a bank would screen
it before monitoring (the FMA pack's PF-01 reads the matches)."""

from __future__ import annotations

from pathlib import Path

from kuzet.screening.lists import Diff, ListStore

FIXTURES = Path(__file__).parent / "fixtures"

FICTIONAL_LISTS: tuple[tuple[str, str], ...] = (
    ("un", "un_fictional.xml"),
    ("afm-tf", "afm_fictional.csv"),
    ("afm-pf", "afm_pf_fictional.csv"),
)
"""(list id, file under ``fixtures/``) for each shipped fictional list."""


def load_fictional_lists(store: ListStore) -> list[Diff]:
    """Load every shipped fictional list into ``store`` (an unchanged file adds no version)."""
    return [store.load(list_id, FIXTURES / name) for list_id, name in FICTIONAL_LISTS]
