"""Scheme planters, one module per family of the red-flag catalogue (domain brief §6).

Each module exposes ``plant(ctx: SchemeContext) -> None``; ``PLANTERS`` maps the family code
used in ``labels.family`` to it. A world plants every family.
"""

from __future__ import annotations

from collections.abc import Mapping

from kuzet.synth.api import Planter
from kuzet.synth.schemes import cash, gam, layer, loan, lux, mule, pf, re_, struct, tbml, va

PLANTERS: Mapping[str, Planter] = {
    "MULE": mule.plant,
    "CASH": cash.plant,
    "STRUCT": struct.plant,
    "LAYER": layer.plant,
    "TBML": tbml.plant,
    "LOAN": loan.plant,
    "VA": va.plant,
    "RE": re_.plant,
    "LUX": lux.plant,
    "GAM": gam.plant,
    "PF": pf.plant,
}
