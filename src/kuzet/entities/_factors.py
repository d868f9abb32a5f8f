"""Risk factors: each turns measured columns into a strength in [0, 1] and says why in words.

A factor is domain logic (domain brief §6.9, with the TBML, CASH and PF signs that look at
firms), parameterised by ``risk_model.yaml``. Strengths are computed for all entities at once
with numpy; a reason is written only where a factor contributes, from the measured values, so
an investigator reads "3 firms registered at the same address" rather than a bare number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kuzet.entities._config import EntityConfig

Cols = dict[str, Any]
"""Measured columns by name: numpy arrays for numbers, Python lists for lists and strings."""
F64 = npt.NDArray[np.float64]


def ramp(x: F64, lo: float, hi: float) -> F64:
    """0 below ``lo``, 1 from ``hi``, linear between (both inclusive of their ends)."""
    if hi <= lo:
        return (x >= lo).astype(np.float64)
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)


def _share(num: F64, den: F64) -> F64:
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _kzt(x: float) -> str:
    return f"{x / 1e6:,.1f} M KZT"


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    measure: str
    """The column reported as the factor's measured value."""
    strength: Callable[[Cols, EntityConfig], F64]
    reason: Callable[[Cols, int, EntityConfig], str]


def _young(c: Cols, k: EntityConfig) -> F64:
    age = c["age_days"]
    young, recent = k.param("young_entity", "young_days"), k.param("young_entity", "recent_days")
    return np.where(age < young, 1.0, np.where(age < recent, 0.5, 0.0))


def _countries(key: str) -> Callable[[Cols, EntityConfig], F64]:
    return lambda c, k: np.array([1.0 if v else 0.0 for v in c[key]])


def _turnover_tax(c: Cols, k: EntityConfig) -> F64:
    p = k.factors["turnover_vs_tax"]
    ratio = _share(c["tax_paid_kzt"], c["turnover_12m_kzt"])
    big = c["turnover_12m_kzt"] >= p["min_turnover_kzt"]
    low = float(p["low_ratio"])
    return np.where(big, np.clip(1.0 - ratio / low, 0.0, 1.0), 0.0)


def _per_employee(c: Cols, k: EntityConfig) -> F64:
    p = k.factors["turnover_per_employee"]
    per = c["turnover_12m_kzt"] / np.maximum(c["employees"], 1.0)
    big = c["turnover_12m_kzt"] >= p["min_turnover_kzt"]
    return np.where(big, ramp(per, p["high_kzt"] / 3, p["high_kzt"]), 0.0)


def _payees(c: Cols, k: EntityConfig) -> F64:
    p = k.factors["payees_vs_staff"]
    n, staff = c["person_payees"], np.maximum(c["employees"], 1.0)
    return np.where((n >= p["min_payees"]) & (n > p["ratio"] * staff), 1.0, 0.0)


def _cash_out(c: Cols, k: EntityConfig) -> F64:
    p = k.factors["cash_out_share"]
    return ramp(
        _share(c["out_cash_persons_kzt"], c["out_total_kzt"]), p["from_share"], p["full_share"]
    )


def _foreign_oked(c: Cols, k: EntityConfig) -> F64:
    p = k.factors["foreign_pay_vs_oked"]
    trade = tuple(str(x) for x in p["trade_oked"])
    non_trade = np.array([not (o or "").startswith(trade) for o in c["oked"]])
    share = _share(c["out_foreign_kzt"], c["out_total_kzt"])
    return np.where(non_trade & (share >= p["from_share"]), 1.0, 0.0)


def _pct(c: Cols, i: int, num: str, den: str) -> str:
    d = float(c[den][i])
    return f"{100 * float(c[num][i]) / d:.0f}%" if d else "0%"


FACTORS: tuple[Factor, ...] = (
    Factor(
        "young_entity",
        "age_days",
        _young,
        lambda c, i, k: f"registered {int(c['age_days'][i])} days before the data ends",
    ),
    Factor(
        "kind_trust_foreign",
        "kind",
        lambda c, k: np.array(
            [1.0 if v in ("trust", "foreign_structure") else 0.0 for v in c["kind"]]
        ),
        lambda c, i, k: f"is a {str(c['kind'][i]).replace('_', ' ')}",
    ),
    Factor(
        "chain_depth",
        "chain_depth",
        lambda c, k: ramp(c["chain_depth"], 2, float(k.param("chain_depth", "deep"))),
        lambda c, i, k: f"ownership chain {int(c['chain_depth'][i])} levels deep",
    ),
    Factor(
        "structure_in_chain",
        "structure_in_chain",
        lambda c, k: c["structure_in_chain"].astype(np.float64),
        lambda c, i, k: "a trust or foreign structure holds it",
    ),
    Factor(
        "foreign_in_chain",
        "foreign_countries",
        _countries("foreign_countries"),
        lambda c, i, k: (
            "foreign jurisdictions in the chain: " + ", ".join(c["foreign_countries"][i])
        ),
    ),
    Factor(
        "offshore_in_chain",
        "offshore_countries",
        _countries("offshore_countries"),
        lambda c, i, k: (
            "offshore jurisdictions in the chain: " + ", ".join(c["offshore_countries"][i])
        ),
    ),
    Factor(
        "high_risk_in_chain",
        "high_risk_countries",
        _countries("high_risk_countries"),
        lambda c, i, k: (
            "FATF high-risk jurisdictions in the chain: " + ", ".join(c["high_risk_countries"][i])
        ),
    ),
    Factor(
        "circular_ownership",
        "circular_ownership",
        lambda c, k: c["circular_ownership"].astype(np.float64),
        lambda c, i, k: "ownership runs in a circle back to an entity already in the chain",
    ),
    Factor(
        "no_beneficial_owner",
        "bo_status",
        lambda c, k: np.array([0.0 if s == "ownership" else 1.0 for s in c["bo_status"]]),
        lambda c, i, k: (
            f"no natural person owns more than {100 * k.threshold:g}%"
            + (" (only controllers identified)" if c["bo_status"][i] == "control_only" else "")
        ),
    ),
    Factor(
        "nominee_relation",
        "nominee_relations",
        lambda c, k: (c["nominee_relations"] > 0).astype(np.float64),
        lambda c, i, k: f"{int(c['nominee_relations'][i])} registered nominee relation(s)",
    ),
    Factor(
        "busy_controller",
        "controller_max_firms",
        lambda c, k: ramp(
            c["controller_max_firms"],
            k.param("busy_controller", "from_firms"),
            k.param("busy_controller", "full_firms"),
        ),
        lambda c, i, k: (
            f"an owner or director (person:{c['busiest_controller'][i]}) runs "
            f"{int(c['controller_max_firms'][i])} firms"
        ),
    ),
    Factor(
        "mass_address",
        "address_firms",
        lambda c, k: ramp(
            c["address_firms"],
            k.param("mass_address", "from_firms"),
            k.param("mass_address", "full_firms"),
        ),
        lambda c, i, k: f"{int(c['address_firms'][i])} firms registered at its address",
    ),
    Factor(
        "liquidated_links",
        "closed_links",
        lambda c, k: np.clip(
            c["closed_links"] / float(k.param("liquidated_links", "full_links")), 0, 1
        ),
        lambda c, i, k: (
            f"its owners or directors also ran {int(c['closed_links'][i])} "
            "liquidated or bankrupt firm(s)"
        ),
    ),
    Factor(
        "turnover_vs_tax",
        "turnover_12m_kzt",
        _turnover_tax,
        lambda c, i, k: (
            f"turnover {_kzt(c['turnover_12m_kzt'][i])} a year against "
            f"{_kzt(c['tax_paid_kzt'][i])} tax paid"
        ),
    ),
    Factor(
        "turnover_per_employee",
        "turnover_12m_kzt",
        _per_employee,
        lambda c, i, k: (
            f"turnover {_kzt(c['turnover_12m_kzt'][i])} a year with "
            f"{int(c['employees'][i])} employee(s)"
        ),
    ),
    Factor(
        "payees_vs_staff",
        "person_payees",
        _payees,
        lambda c, i, k: (
            f"pays {int(c['person_payees'][i])} individuals who are not its "
            f"employees; {int(c['employees'][i])} employee(s) registered"
        ),
    ),
    Factor(
        "cash_out_share",
        "out_cash_persons_kzt",
        _cash_out,
        lambda c, i, k: (
            f"{_pct(c, i, 'out_cash_persons_kzt', 'out_total_kzt')} of its "
            "payments go to cash or to individuals who are not its employees"
        ),
    ),
    Factor(
        "foreign_pay_vs_oked",
        "out_foreign_kzt",
        _foreign_oked,
        lambda c, i, k: (
            f"{_pct(c, i, 'out_foreign_kzt', 'out_total_kzt')} of its payments "
            f"go abroad though its activity (OKED {c['oked'][i]}) is not trade or transport"
        ),
    ),
    Factor(
        "pep_link",
        "pep_links",
        lambda c, k: (c["pep_links"] > 0).astype(np.float64),
        lambda c, i, k: f"{int(c['pep_links'][i])} politically exposed owner(s) or director(s)",
    ),
    Factor(
        "screening_link",
        "screening_hits",
        lambda c, k: (c["screening_hits"] > 0).astype(np.float64),
        lambda c, i, k: (
            f"{int(c['screening_hits'][i])} sanctions, PEP or wallet-registry "
            "hit(s) on owners or directors"
        ),
    ),
)
