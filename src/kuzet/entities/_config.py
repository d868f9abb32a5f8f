"""Configuration of beneficial-owner rules and the entity risk model, with its version.

Two YAML files make the configuration: the jurisdiction lists (``model/reference/
jurisdictions.yaml``, shared with other rooms) and the risk model (``risk_model.yaml`` next to
this module). A bank or the FMA may pass its own copies. The configuration version is the
declared ``version`` of each file plus a short hash of their text, so a profile names exactly
the rules that produced it even when someone edits a file and forgets to bump the version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class EntityConfigError(Exception):
    """A configuration file of the entity risk model is missing or malformed."""


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """Everything that turns canonical data into owners and risk profiles."""

    version: str
    home: str
    offshore: frozenset[str]
    high_risk: frozenset[str]
    threshold: float
    strict: bool
    """True: an owner must hold *more than* the threshold (the law's wording)."""
    max_depth: int
    max_paths: int
    tiers: tuple[tuple[str, float], ...]
    """(tier, lowest score) from the lowest tier up."""
    factors: dict[str, dict[str, Any]] = field(default_factory=dict)

    def param(self, factor: str, name: str) -> Any:
        try:
            return self.factors[factor][name]
        except KeyError:
            raise EntityConfigError(f"risk model: factor {factor!r} needs {name!r}") from None

    def weight(self, factor: str) -> float:
        return float(self.param(factor, "weight"))

    def tier(self, score: float) -> str:
        name = self.tiers[0][0]
        for tier, low in self.tiers:
            if score >= low:
                name = tier
        return name

    def is_owner(self, share: float) -> bool:
        return share > self.threshold if self.strict else share >= self.threshold - 1e-12


def _read(path: str | Path | None, package: str, parts: tuple[str, ...]) -> tuple[str, str]:
    if path is not None:
        p = Path(path)
        try:
            return p.read_text("utf-8"), str(p)
        except OSError as e:
            raise EntityConfigError(f"cannot read {p}: {e.strerror}") from None
    ref = resources.files(package).joinpath(*parts)
    return ref.read_text("utf-8"), f"{package}/{'/'.join(parts)}"


def _mapping(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise EntityConfigError(f"{source}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise EntityConfigError(f"{source}: expected a mapping at the top")
    return data


def _codes(data: dict[str, Any], key: str, source: str) -> frozenset[str]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and len(v) == 2 for v in values):
        raise EntityConfigError(f"{source}: {key!r} must be a list of ISO alpha-2 codes")
    return frozenset(v.upper() for v in values)


def load_config(
    jurisdictions: str | Path | None = None, risk_model: str | Path | None = None
) -> EntityConfig:
    """Read (and check) the two configuration files; defaults are the shipped ones."""
    jtext, jsrc = _read(jurisdictions, "kuzet.model", ("reference", "jurisdictions.yaml"))
    rtext, rsrc = _read(risk_model, "kuzet.entities", ("risk_model.yaml",))
    j, r = _mapping(jtext, jsrc), _mapping(rtext, rsrc)
    bo = r.get("beneficial_owner") or {}
    try:
        threshold = float(bo.get("threshold", 0.25))
        comparison = str(bo.get("comparison", ">"))
        max_depth, max_paths = int(bo.get("max_depth", 12)), int(bo.get("max_paths", 8))
        tiers = tuple(
            sorted(((str(k), float(v)) for k, v in r["tiers"].items()), key=lambda t: t[1])
        )
        factors = {str(k): dict(v) for k, v in r["factors"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise EntityConfigError(f"{rsrc}: malformed risk model ({e})") from None
    if not 0 < threshold < 1 or comparison not in (">", ">="):
        raise EntityConfigError(f"{rsrc}: threshold must be in (0, 1) and comparison > or >=")
    if max_depth < 1 or not tiers:
        raise EntityConfigError(f"{rsrc}: max_depth must be positive and tiers non-empty")
    digest = hashlib.sha256(jtext.encode() + b"\0" + rtext.encode()).hexdigest()[:10]
    version = f"{r.get('version', 'unversioned')}+{j.get('version', 'unversioned')}#{digest}"
    return EntityConfig(
        version=version,
        home=str(j.get("home", "KZ")).upper(),
        offshore=_codes(j, "offshore", jsrc),
        high_risk=_codes(j, "high_risk", jsrc),
        threshold=threshold,
        strict=comparison == ">",
        max_depth=max_depth,
        max_paths=max_paths,
        tiers=tiers,
        factors=factors,
    )
