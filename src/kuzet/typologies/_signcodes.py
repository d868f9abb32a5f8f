"""AFM sign codes kept beside a pack: a bank's own mapping of indicators to the catalogue.

Every alert names, per indicator that fired, the AFM suspicious-operation sign code in force
on the alert's last day (``Indicator.sign_code``). A pack carries the codes its issuer is sure
of (``afm_sign_codes``); where the FMA has not published a mapping (Order 13 of 22 Feb 2022
until 31 Mar 2026, Order 22 of 23 Dec 2025 from 1 Apr 2026: domain brief §1.5), a bank's
compliance officer keeps one in a YAML file and gives it to ``kuzet monitor --sign-codes``
(or leaves it at ``<workspace>/_kuzet/sign_codes.yaml``):

    MULE-01:                         # codes of one indicator, effective-dated
      - {code: "1035", to: 2026-03-31}
      - {code: "2101", from: 2026-04-01}
    TBML-05: "1035"                  # one code, always
    LAYER-01: null                   # no code, even if the pack has one

Only the indicators named change; the pack's SQL, scores and digest do not (the signature
still covers the pack), so the mapping changes what alerts report, never what they find.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import yaml

from kuzet.typologies._model import Pack, PackError, SignCode
from kuzet.typologies._parse import _lines, _Reader, _sign_codes

SIGN_CODES_FILE = "sign_codes.yaml"
"""Its name in a workspace's ``_kuzet`` folder."""

SignCodeMap = Mapping[str, tuple[SignCode, ...]]


def read_sign_codes(path: str | Path) -> dict[str, tuple[SignCode, ...]]:
    """``{indicator id: codes}`` from a mapping file; a bad file raises ``PackError``."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except OSError as e:
        raise PackError(p, "", f"cannot read the sign-code mapping: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise PackError(p, "", f"not UTF-8 text: {e}") from None
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise PackError(p, "", f"not valid YAML: {e.problem}", line) from None
    if raw is None:
        return {}
    r = _Reader(p, _lines(node) if node is not None else {})
    if not isinstance(raw, dict):
        r.fail("sign codes", "expected a mapping of indicator ids to codes", ())
    out: dict[str, tuple[SignCode, ...]] = {}
    for key, value in raw.items():
        where = f"indicator {key}"
        out[str(key)] = () if value is None else _sign_codes(r, value, where, (str(key),))
    return out


def with_sign_codes(pack: Pack, codes: SignCodeMap, source: str | Path = "") -> Pack:
    """The pack with the mapped indicators' sign codes replaced (nothing else changes).

    An indicator the pack does not have is an error (a typo would silently map nothing).
    """
    unknown = sorted(set(codes) - set(pack.indicators))
    if unknown:
        raise PackError(
            source or "<sign codes>",
            f"indicator {unknown[0]}",
            f"pack {pack.id} has no such indicator",
        )
    if not codes:
        return pack
    indicators = {
        iid: dataclasses.replace(ind, sign_codes=codes[iid]) if iid in codes else ind
        for iid, ind in pack.indicators.items()
    }
    return dataclasses.replace(pack, indicators=indicators)


def sign_code_table(pack: Pack) -> list[dict[str, str | None]]:
    """Every indicator's codes with their validity, for a listing (``kuzet pack show``)."""
    return [
        {
            "indicator": ind.id,
            "code": sc.code,
            "from": sc.valid_from.isoformat() if sc.valid_from else None,
            "to": sc.valid_to.isoformat() if sc.valid_to else None,
        }
        for ind in pack.indicators.values()
        for sc in ind.sign_codes
    ]
