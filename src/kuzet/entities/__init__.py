"""Legal entities: ownership and control graph, beneficial owners, risk profiles, FtM export.

The public surface; everything else in this package is private.
"""

from __future__ import annotations

from kuzet.entities._config import EntityConfig, EntityConfigError, load_config
from kuzet.entities._ftm import FtmExport, export_ftm
from kuzet.entities._profile import ProfileRun, build_profiles, data_version
from kuzet.entities._report import EntityProfile, Holder, entity_profile, riskiest
from kuzet.entities._tables import OWNERS_TABLE, RISK_TABLE

__all__ = [
    "OWNERS_TABLE",
    "RISK_TABLE",
    "EntityConfig",
    "EntityConfigError",
    "EntityProfile",
    "FtmExport",
    "Holder",
    "ProfileRun",
    "build_profiles",
    "data_version",
    "entity_profile",
    "export_ftm",
    "load_config",
    "riskiest",
]
