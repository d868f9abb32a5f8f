"""ISO 20022 pacs.008 (FIToFICstmrCdtTrf) into text rows for ``transactions`` and
``payment_parties``.

One ``transactions`` row per ``CdtTrfTxInf`` and one ``payment_parties`` row per party block
(initiating party, ultimate debtor, debtor, its agent, up to three intermediary agents, the
creditor's agent, creditor, ultimate creditor): screening must see every party, ultimate
ones and agents included (domain brief §7.4). Values stay text here and go through the same
validation as CSV; each value carries the line of the element it came from.

Mapping choices (the brief marks the KZ mapping [UNCERTAIN]):
- ``ts``: ``AccptncDtTm``, else ``GrpHdr/CreDtTm``, else ``IntrBkSttlmDt`` (midnight, Almaty);
- ``ref``: ``PmtId/UETR``, else ``PmtId/EndToEndId``;
- ``knp``/``kod``/``kbe``: a ``RgltryRptg/Dtls`` whose ``Tp`` is KNP, KOD or KBE gives its
  ``Cd`` (or ``Inf``); text such as ``KNP 710`` or ``КБе: 17`` in ``Dtls/Inf`` also counts;
  a 3-digit ``Purp/Cd`` or ``Purp/Prtry`` is taken as the КНП when nothing else gave one;
- ``type`` is ``transfer``, ``channel`` ``swift`` and ``status`` ``completed`` (a pacs.008
  is a settled credit transfer; rejections arrive as pacs.002, not read here);
- the side whose IBAN is an account of the workspace gets ``src_account_id`` or
  ``dst_account_id``; the other side fills ``cp_*`` (the creditor when neither is known).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from kuzet.ingest._xml import Element
from kuzet.model.identifiers import IBAN

LINE = "__line__"
"""Column of the element's line; ``__line__<field>`` holds a field's own line."""
PARENT = "__tx__"
"""In party rows: the row of their transaction."""

PARTY_BLOCKS: tuple[tuple[str, str, int, str | None], ...] = (
    # element, role, seq, account element
    ("InitgPty", "initiating", 1, None),
    ("UltmtDbtr", "ultimate_debtor", 1, None),
    ("Dbtr", "debtor", 1, "DbtrAcct"),
    ("DbtrAgt", "debtor_agent", 1, "DbtrAgtAcct"),
    ("IntrmyAgt1", "intermediary_agent", 1, "IntrmyAgt1Acct"),
    ("IntrmyAgt2", "intermediary_agent", 2, "IntrmyAgt2Acct"),
    ("IntrmyAgt3", "intermediary_agent", 3, "IntrmyAgt3Acct"),
    ("CdtrAgt", "creditor_agent", 1, "CdtrAgtAcct"),
    ("Cdtr", "creditor", 1, "CdtrAcct"),
    ("UltmtCdtr", "ultimate_creditor", 1, None),
)
_CODE_TEXT = re.compile(r"(KNP|КНП|KOD|КОД|KBE|КБЕ)\W*(\d{2,3})")
_CODE_NAMES = {"KNP": "knp", "КНП": "knp", "KOD": "kod", "КОД": "kod", "KBE": "kbe", "КБЕ": "kbe"}


class Pacs008Error(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Rows:
    """Text values with the line of each, collected one row at a time."""

    records: list[dict[str, object]] = field(default_factory=list)

    def add(
        self, values: dict[str, tuple[str | None, int | None]], line: int, **extra: int
    ) -> None:
        rec: dict[str, object] = {LINE: line, **extra}
        for name, (value, vline) in values.items():
            rec[name] = value
            rec[LINE + name] = vline
        self.records.append(rec)

    def table(self) -> pa.Table:
        names = dict.fromkeys(k for r in self.records for k in r)
        return pa.table(
            {
                n: pa.array(
                    [r.get(n) for r in self.records],
                    pa.int64() if n.startswith("__") else pa.string(),
                )
                for n in names
            }
        )


def _at(el: Element | None, path: str) -> tuple[str | None, int | None]:
    found = el.find(path) if el is not None else None
    if found is None or not found.text:
        return None, None
    return found.text, found.line


def _first(*pairs: tuple[str | None, int | None]) -> tuple[str | None, int | None]:
    return next((p for p in pairs if p[0] is not None), (None, None))


def _address(block: Element) -> str | None:
    adr = block.find("PstlAdr") or block.find("FinInstnId/PstlAdr")
    if adr is None:
        return None
    lines = [a.text for a in adr.findall("AdrLine") if a.text]
    if not lines:
        parts = ("StrtNm", "BldgNb", "PstCd", "TwnNm", "CtrySubDvsn")
        lines = [v for v in (adr.value(p) for p in parts) if v]
    return ", ".join(lines) or None


def _party(block: Element, acct: Element | None) -> dict[str, tuple[str | None, int | None]]:
    fin = block.find("FinInstnId")
    if fin is not None:  # an agent
        name = _at(fin, "Nm")
        bic = _first(_at(fin, "BICFI"), _at(fin, "BIC"))
        org = _first(_at(fin, "LEI"), _at(fin, "ClrSysMmbId/MmbId"), _at(fin, "Othr/Id"))
        country = _at(fin, "PstlAdr/Ctry")
        private: tuple[str | None, int | None] = (None, None)
        birth: tuple[str | None, int | None] = (None, None)
        place: tuple[str | None, int | None] = (None, None)
    else:
        name = _at(block, "Nm")
        bic = _at(block, "Id/OrgId/AnyBIC")
        org = _first(_at(block, "Id/OrgId/LEI"), _at(block, "Id/OrgId/Othr/Id"))
        private = _at(block, "Id/PrvtId/Othr/Id")
        birth = _at(block, "Id/PrvtId/DtAndPlcOfBirth/BirthDt")
        city = _at(block, "Id/PrvtId/DtAndPlcOfBirth/CityOfBirth")
        ctry = _at(block, "Id/PrvtId/DtAndPlcOfBirth/CtryOfBirth")
        joined = ", ".join(v for v in (city[0], ctry[0]) if v) or None
        place = (joined, city[1] or ctry[1])
        country = _first(_at(block, "PstlAdr/Ctry"), _at(block, "CtryOfRes"))
    return {
        "name": name,
        "iban": _at(acct, "Id/IBAN"),
        "account_other": _at(acct, "Id/Othr/Id"),
        "bic": bic,
        "org_id": org,
        "private_id": private,
        "birth_date": birth,
        "birth_place": place,
        "country": country,
        "address": (_address(block), block.line),
    }


def _codes(tx: Element) -> dict[str, tuple[str | None, int | None]]:
    found: dict[str, tuple[str | None, int | None]] = {}
    for rr in tx.findall("RgltryRptg"):
        for dtls in rr.findall("Dtls"):
            tp = (dtls.value("Tp") or "").upper()
            if tp in _CODE_NAMES:
                val = dtls.value("Cd") or dtls.value("Inf")
                found.setdefault(_CODE_NAMES[tp], (val, dtls.line))
            for inf in dtls.findall("Inf") + dtls.findall("Cd"):
                for m in _CODE_TEXT.finditer(inf.text.upper()):
                    found.setdefault(_CODE_NAMES[m.group(1)], (m.group(2), inf.line))
    purp = _first(_at(tx, "Purp/Cd"), _at(tx, "Purp/Prtry"))
    if "knp" not in found and purp[0] and re.fullmatch(r"\d{3}", purp[0]):
        found["knp"] = purp
    return found


def _message(root: Element) -> Element:
    if root.tag == "FIToFICstmrCdtTrf":
        return root
    msg = next(root.iter("FIToFICstmrCdtTrf"), None)
    if msg is None:
        raise Pacs008Error(
            f"not a pacs.008 message: no FIToFICstmrCdtTrf element (root is {root.tag})",
            root.line,
        )
    return msg


Resolver = Callable[[Iterable[str]], dict[str, int]]


def read(root: Element, resolve: Resolver) -> tuple[pa.Table, pa.Table]:
    """Text rows for ``transactions`` and ``payment_parties`` (``txn_id`` still ``"0"``).

    ``resolve`` maps IBANs to the workspace's ``account_id``s (unknown ones absent).
    """
    msg = _message(root)
    hdr = msg.find("GrpHdr")
    txs = msg.findall("CdtTrfTxInf")
    if not txs:
        raise Pacs008Error("pacs.008 message without any CdtTrfTxInf", msg.line)
    paths = ("DbtrAcct/Id/IBAN", "CdtrAcct/Id/IBAN")
    ibans = {IBAN.normalize(v) for tx in txs for p in paths if (v := tx.value(p))}
    known = resolve(sorted(ibans))
    trans, parties = Rows(), Rows()
    for i, tx in enumerate(txs):
        blocks = {}
        for tag, role, seq, acct_tag in PARTY_BLOCKS:
            block = tx.find(tag)
            if block is None:
                continue
            acct = tx.find(acct_tag) if acct_tag else None
            blocks[tag] = values = _party(block, acct)
            values |= {"txn_id": ("0", None), "role": (role, None), "seq": (str(seq), None)}
            parties.add(values, block.line, **{PARENT: i})
        trans.add(_transaction(tx, hdr, blocks, known), tx.line)
    return trans.table(), parties.table()


def _transaction(
    tx: Element,
    hdr: Element | None,
    blocks: dict[str, dict[str, tuple[str | None, int | None]]],
    known: dict[str, int],
) -> dict[str, tuple[str | None, int | None]]:
    amt = tx.find("IntrBkSttlmAmt")
    amount = (amt.text or None, amt.line) if amt is not None else (None, None)
    currency = (amt.attrs.get("Ccy"), amt.line) if amt is not None else (None, None)
    ts = _first(
        _at(tx, "AccptncDtTm"),
        _at(hdr, "CreDtTm"),
        _at(tx, "IntrBkSttlmDt"),
        _at(hdr, "IntrBkSttlmDt"),
    )
    ustrd = tx.findall("RmtInf/Ustrd")
    narrative = (
        " ".join(u.text for u in ustrd if u.text) or None,
        ustrd[0].line if ustrd else None,
    )
    src = known.get(IBAN.normalize(tx.value("DbtrAcct/Id/IBAN") or ""))
    dst = known.get(IBAN.normalize(tx.value("CdtrAcct/Id/IBAN") or ""))
    values: dict[str, tuple[str | None, int | None]] = {
        "txn_id": ("0", None),
        "ts": ts,
        "type": ("transfer", None),
        "channel": ("swift", None),
        "status": ("completed", None),
        "amount": amount,
        "currency": currency,
        "ref": _first(_at(tx, "PmtId/UETR"), _at(tx, "PmtId/EndToEndId")),
        "narrative": narrative,
        "src_account_id": (str(src) if src is not None else None, None),
        "dst_account_id": (str(dst) if dst is not None else None, None),
    }
    values |= _codes(tx)
    if src is None or dst is None:
        side, agent = (
            ("Dbtr", "DbtrAgt") if src is None and dst is not None else ("Cdtr", "CdtrAgt")
        )
        party = blocks.get(side, {})
        iban = party.get("iban", (None, None))
        country = party.get("country", (None, None))
        if country[0] is None and iban[0]:
            country = (iban[0][:2], iban[1])
        values |= {
            "cp_name": party.get("name", (None, None)),
            "cp_iban": _first(iban, party.get("account_other", (None, None))),
            "cp_bic": blocks.get(agent, {}).get("bic", (None, None)),
            "cp_country": country,
        }
    return values
