"""Payment codes looked up by meaning: КНП (purpose), КОд and КБе (sender/beneficiary sector).

The official code tables are [UNCERTAIN] in the domain brief, so the values live in
``reference/payment_codes.yaml`` and code never spells a number.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _codes() -> dict[str, dict[str, str]]:
    ref = resources.files("kuzet.model").joinpath("reference/payment_codes.yaml")
    text = ref.read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return {k: {m: str(v) for m, v in table.items()} for k, table in data.items()}


def knp_code(meaning: str) -> str:
    """The КНП code for a payment purpose such as ``salary`` or ``p2p_transfer``."""
    try:
        return _codes()["knp"][meaning]
    except KeyError:
        known = ", ".join(sorted(_codes()["knp"]))
        raise KeyError(f"unknown payment purpose {meaning!r}; known: {known}") from None


def sector_code(kind: str) -> str:
    """The КОд/КБе code for a kind of party such as ``resident_individual``."""
    try:
        return _codes()["sector_codes"][kind]
    except KeyError:
        known = ", ".join(sorted(_codes()["sector_codes"]))
        raise KeyError(f"unknown sector kind {kind!r}; known: {known}") from None


def knp_meanings() -> dict[str, str]:
    """Every configured КНП code by meaning."""
    return dict(_codes()["knp"])
