"""The reference price list a world's customs service publishes, one row per HS heading.

Customs value-risk profiles and market quotations give, for a commodity heading, what an
honest unit costs: a typical price and the usual range (a heading holds cheap and dear
models alike). The list is written from the prices of the goods this generator trades
(ordinary importers and exporters, and the goods its planted schemes name), as a publisher
would know them: each figure is off by a random few percent, and about one heading in ten is
not on the list at all, so a reader must cope with goods it has no published price for.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa

from kuzet.model.money import FxRates, to_money
from kuzet.model.schemas import TABLES
from kuzet.synth import reference as ref
from kuzet.synth import vec
from kuzet.synth.schemes import pf, tbml

PRICE_NOISE = 0.1
"""Log-normal spread of each published figure around what the generator's goods cost."""
ORDINARY_SPREAD = 0.15
"""Log half-width of the usual range of goods that ordinary traders price near one centre."""
COVERAGE = 0.9
"""Share of headings the publisher has a price for."""
PUBLISHED_DAYS_BEFORE = 30
"""The list in force was published this many days before the world starts."""


def _headings() -> dict[tuple[str, str], tuple[str, float, float]]:
    """(6-digit heading, unit) → (description, lowest, highest usual USD price), over the
    ordinary traders' goods and the goods the planted schemes name (honest invoices of
    either kind fall in the range)."""
    out: dict[tuple[str, str], tuple[str, float, float]] = {}

    def add(hs: str, unit: str, desc: str, lo: float, hi: float) -> None:
        key = (hs[:6], unit)
        if key in out:
            d, a, b = out[key]
            out[key] = (d, min(a, lo), max(b, hi))
        else:
            out[key] = (desc, lo, hi)

    w = math.exp(ORDINARY_SPREAD)
    for g in ref.HS_GOODS:
        add(g.hs_code, g.unit, g.description, g.unit_price_usd / w, g.unit_price_usd * w)
    for goods in (tbml.GOODS, tbml.VAGUE, pf.DUAL_USE):
        for s in goods:
            add(s.hs, s.unit, s.desc, s.usd[0], s.usd[1])
    return out


def reference_prices(rng: np.random.Generator, start_day: int, fx: FxRates) -> pa.Table:
    """The published list in force when the world starts (``reference_prices``): a typical
    price (the middle of the range in log terms) and the usual range, each a little off."""
    items = sorted(_headings().items())
    k = len(items)
    kept = rng.random(k) < COVERAGE
    noise = np.exp(rng.normal(0.0, PRICE_NOISE, (k, 3)))
    day = start_day - PUBLISHED_DAYS_BEFORE
    usd = float(fx.rate("USD", vec.to_date(day)))
    rows = []
    for ((hs, unit), (desc, lo, hi)), f, keep in zip(items, noise, kept.tolist(), strict=True):
        if keep:
            mid, low, high = math.sqrt(lo * hi) * f[0], lo * f[1], hi * f[2]
            rows.append((hs, unit, desc, mid, min(low, mid), max(high, mid)))
    n = len(rows)

    def money_col(i: int, rate: float = 1.0) -> pa.Array[Any]:
        return to_money(np.round(np.array([r[i] for r in rows], dtype=np.float64) * rate, 2))

    return pa.table(
        {
            "hs_code": pa.array([r[0] for r in rows], pa.string()),
            "unit": pa.array([r[1] for r in rows], pa.string()),
            "description": pa.array([r[2] for r in rows], pa.string()),
            "price": money_col(3),
            "price_min": money_col(4),
            "price_max": money_col(5),
            "currency": pa.array(["USD"] * n, pa.string()),
            "price_kzt": money_col(3, usd),
            "price_min_kzt": money_col(4, usd),
            "price_max_kzt": money_col(5, usd),
            "valid_from": pa.array(np.full(n, day, dtype=np.int32), pa.date32()),
            "valid_to": pa.nulls(n, pa.date32()),
            "source": pa.array(["customs"] * n, pa.string()),
        }
    ).cast(TABLES["reference_prices"].schema)
