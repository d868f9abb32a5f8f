"""The in-memory state of a world being built: what every later stage and the planters read.

Only arrays and small tables live here (persons, firms, accounts…); transactions never do,
they stream to disk chunk by chunk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kuzet.synth.banking import Banking
from kuzet.synth.firms import Firms
from kuzet.synth.population import Population
from kuzet.synth.sectors import Sectors


@dataclass
class World:
    start: dt.date
    days: int
    pop: Population
    firms: Firms
    bank: Banking
    sectors: Sectors
