"""Export to FollowTheMoney (FtM) entities, one JSON object a line, for Aleph, OpenSanctions
tooling, ``ftm`` and the rest of that ecosystem.

Companies and individual entrepreneurs become ``Company``; trusts and foreign structures
``LegalEntity`` (FtM has no trust schema); natural persons ``Person``; owner and founder
relations ``Ownership`` (with the share as ``percentage``); director, trustee, settlor,
beneficiary and nominee relations ``Directorship`` with the kind as ``role``; completed
payments between accounts where a legal entity pays or is paid ``Payment``. Ids are derived
from Kuzet's keys, so two exports of the same data give the same ids. ``followthemoney`` is an
optional dependency (extra ``ftm``) and is imported only here, when an export runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kuzet.engine import open_backend
from kuzet.workspace import Workspace

CONTROL_KINDS = ("director", "trustee", "settlor", "beneficiary", "nominee")
_PAYMENTS_SQL = """
SELECT t.txn_id, t.ts::DATE AS day, t.amount, t.currency, t.amount_kzt, t.knp, t.narrative,
       a.holder_type AS payer_type, a.holder_id AS payer_id,
       b.holder_type AS payee_type, b.holder_id AS payee_id
FROM transactions t
JOIN accounts a ON a.account_id = t.src_account_id
JOIN accounts b ON b.account_id = t.dst_account_id
WHERE t.status = 'completed' AND (a.holder_type = 'entity' OR b.holder_type = 'entity')
ORDER BY t.txn_id"""


@dataclass(frozen=True, slots=True)
class FtmExport:
    """Counts of what an export wrote, by FtM schema."""

    path: Path
    counts: dict[str, int]


def _key(kind: str, key: object) -> str:
    return f"kz-kuzet-{kind}-{key}"


def _entities(ws: Workspace, payments: bool) -> Iterator[Any]:
    from followthemoney import model  # noqa: PLC0415 - optional dependency, loaded on use

    def make(schema: str, kind: str, key: object, **props: Any) -> Any:
        e = model.make_entity(schema)
        e.id = _key(kind, key)
        for prop, value in props.items():
            if value is not None and value != "":
                e.add(prop, value if isinstance(value, list) else str(value))
        return e

    for r in ws.read("legal_entities").to_pylist():
        schema = "LegalEntity" if r["kind"] in ("trust", "foreign_structure") else "Company"
        yield make(
            schema,
            "entity",
            r["entity_id"],
            name=[x for x in (r["name"], r["name_lat"]) if x],
            registrationNumber=r["bin"] or r["foreign_reg_no"],
            taxNumber=r["bin"],
            jurisdiction=r["country"].lower(),
            incorporationDate=r["registered"],
            dissolutionDate=r["liquidated"],
            status=r["status"],
            legalForm=r["form"],
            sector=r["oked"],
            summary=r["kind"].replace("_", " "),
        )
    if ws.files("persons"):
        for p in ws.read("persons").to_pylist():
            names = [x for x in (p["name_ru"], p["name_kk"], p["name_lat"]) if x]
            yield make(
                "Person",
                "person",
                p["person_id"],
                name=names or f"{p['last_name']} {p['first_name']}",
                firstName=p["first_name"],
                lastName=p["last_name"],
                fatherName=p["patronymic"],
                idNumber=p["iin"],
                innCode=p["iin"],
                birthDate=p["birth_date"],
                nationality=(p["citizenship"] or "").lower(),
                gender={"M": "male", "F": "female"}.get(p["sex"] or ""),
                topics="role.pep" if p["pep"] else None,
            )
    for r in ws.read("relations").to_pylist():
        if r["dst_type"] != "entity":
            continue
        src = _key(r["src_type"], r["src_id"])
        dst = _key("entity", r["dst_id"])
        dates = {"startDate": r["valid_from"], "endDate": r["valid_to"]}
        if r["kind"] in ("owner", "founder"):
            share = None if r["share"] is None else f"{100 * r['share']:.4g}"
            yield make(
                "Ownership",
                "rel",
                r["relation_id"],
                owner=src,
                asset=dst,
                percentage=share,
                role=r["kind"],
                **dates,
            )
        elif r["kind"] in CONTROL_KINDS:
            yield make(
                "Directorship",
                "rel",
                r["relation_id"],
                director=src,
                organization=dst,
                role=r["detail"] or r["kind"],
                **dates,
            )
    if payments and ws.files("transactions"):
        with open_backend("duckdb") as be:
            be.register_workspace(ws)
            table = be.query(_PAYMENTS_SQL, step="entities:ftm_payments")
        for batch in table.to_batches(max_chunksize=50_000):
            for t in batch.to_pylist():
                yield make(
                    "Payment",
                    "txn",
                    t["txn_id"],
                    payer=_key(t["payer_type"], t["payer_id"]),
                    beneficiary=_key(t["payee_type"], t["payee_id"]),
                    date=t["day"],
                    amount=t["amount"],
                    currency=t["currency"],
                    purpose=t["narrative"],
                    summary=f"KNP {t['knp']}" if t["knp"] else None,
                )


def export_ftm(ws: Workspace, out: str | Path, *, payments: bool = True) -> FtmExport:
    """Write the workspace's parties, ownership, control and payments as FtM JSON lines."""
    path = Path(out)
    tmp = path.with_name(path.name + ".partial")
    counts: dict[str, int] = {}
    with tmp.open("w", encoding="utf-8") as f:
        _write(f, _entities(ws, payments), counts)
    tmp.replace(path)
    return FtmExport(path, counts)


def _write(f: IO[str], entities: Iterator[Any], counts: dict[str, int]) -> None:
    for e in entities:
        f.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        counts[e.schema.name] = counts.get(e.schema.name, 0) + 1
