"""``WorldContext``: the ``SchemeContext`` that scheme planters work through.

Planters run after ordinary life is generated. They draw actors from the ordinary world
(``sample_persons`` and friends read the in-memory arrays of the builder), create new actors
with the same generators the ordinary world uses (valid IINs, BINs and IBANs, names with
their spelling variants), and append rows one at a time. Rows are checked on arrival (known
columns, required values, closed sets) so a planter's mistake fails where it was made, then
buffered per table and written after the last planter.

Surrogate keys continue after the ordinary rows of each table (``next_id``), so ids are
unique per table across ordinary and planted rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kuzet.model.codes import knp_code
from kuzet.model.identifiers import BIN, IBAN, IIN
from kuzet.model.money import FxRates, to_money
from kuzet.model.schemas import (
    CHANNELS,
    FAMILIES,
    MONEY,
    OBJECT_TYPES,
    TABLES,
    TXN_STATUS,
    TXN_TYPES,
    Column,
    Table,
)
from kuzet.synth import banking as bk
from kuzet.synth import firms as fm
from kuzet.synth import names, vec
from kuzet.synth import reference as ref
from kuzet.synth.api import AccountRef, Amount, EntityRef, MerchantRef, PersonRef, PlatformRef
from kuzet.synth.population import ORIGIN_OF_CITIZENSHIP
from kuzet.synth.state import World
from kuzet.synth.vec import Arr

_KZT_OF = {
    "transactions": ("amount", "amount_kzt", "ts"),
    "trade_contracts": ("amount", "amount_kzt", "signed"),
    "loans": ("amount", "amount_kzt", "issued"),
    "property_deals": ("price", "price_kzt", "ts"),
    "customs_declarations": ("customs_value", "customs_value_kzt", "declared"),
}
"""Tables whose tenge equivalent the context fills in when a planter leaves it out."""
_IIN_SERIAL_BASE = 5000
_IIN_BLOCK = 400
"""IIN serials of planted persons: 5000 + 400 per family (ordinary ones stay below 5000)."""
_BIN_BLOCK = 4000
_FLUSH = 50_000
_REGION_CDF = np.cumsum([r.population for r in ref.REGIONS]) / sum(
    r.population for r in ref.REGIONS
)
_BIN_SERIAL_BASE = 50_000
_ALMATY = dt.timezone(dt.timedelta(hours=5))


class PlantingError(ValueError):
    """A planter asked for something the world cannot give (unknown column, bad value…)."""


def _cents(value: Amount) -> float:
    """Money is kept as a float and becomes decimal(18,2) in bulk (``to_money`` rounds half
    away from zero, as ``Decimal`` does)."""
    return float(value)


def _as_utc(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is dt.UTC:
        return value
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return _as_utc(value).astimezone(_ALMATY).date()
    return value


_CONVERTERS: tuple[tuple[Callable[[pa.DataType], bool], Callable[[Any], Any]], ...] = (
    (pa.types.is_decimal, _cents),
    (pa.types.is_timestamp, _as_utc),
    (pa.types.is_date, _as_date),
    (pa.types.is_integer, int),
    (pa.types.is_floating, float),
    (pa.types.is_boolean, bool),
)


def _converter(t: pa.DataType) -> Callable[[Any], Any]:
    for applies, convert in _CONVERTERS:
        if applies(t):
            return convert
    return str


@dataclass(frozen=True)
class _Spec:
    """What ``row`` checks for one table, resolved once."""

    convert: dict[str, Callable[[Any], Any]]
    required: frozenset[str]
    required_if_derived: frozenset[str]
    """Required columns once the amount is given (its tenge equivalent can be derived)."""
    enums: tuple[tuple[str, frozenset[str]], ...]
    source: str | None = None
    """Amount column whose tenge equivalent (``derived``) may be left out."""
    derived: str | None = None
    when: str | None = None


def _spec(decl: Table) -> _Spec:
    source, derived, when = _KZT_OF.get(decl.name, (None, None, None))
    return _Spec(
        convert={c.name: _converter(c.type) for c in decl.columns},
        required=frozenset(c.name for c in decl.columns if c.required),
        required_if_derived=frozenset(c.name for c in decl.columns if c.required) - {derived},
        enums=tuple((c.name, frozenset(c.enum)) for c in decl.columns if c.enum),
        source=source,
        derived=derived,
        when=when,
    )


_SPECS = {name: _spec(decl) for name, decl in TABLES.items()}
_TX_COLUMNS = tuple(c.name for c in TABLES["transactions"].columns)
_TX_INDEX = {name: i for i, name in enumerate(_TX_COLUMNS)}
_N_TX = len(_TX_COLUMNS)
_TX_ID, _TX_TS, _TX_TYPE, _TX_CHANNEL = (_TX_INDEX[c] for c in ("txn_id", "ts", "type", "channel"))
_TX_AMOUNT, _TX_CURRENCY, _TX_STATUS = (_TX_INDEX[c] for c in ("amount", "currency", "status"))
_TX_SRC, _TX_DST = _TX_INDEX["src_account_id"], _TX_INDEX["dst_account_id"]
_TX_FIXED = frozenset(
    (
        "txn_id",
        "ts",
        "type",
        "channel",
        "amount",
        "currency",
        "status",
        "src_account_id",
        "dst_account_id",
    )
)
"""Transactions are buffered as lists in column order: the planters' most frequent rows."""
_TXN_TYPES = frozenset(TXN_TYPES)
_CHANNELS = frozenset(CHANNELS)
_STATUS = frozenset(TXN_STATUS)


class WorldContext:
    """Implements ``kuzet.synth.api.SchemeContext`` over a built ordinary world."""

    def __init__(
        self,
        world: World,
        next_ids: Mapping[str, int],
        fx: FxRates,
        *,
        block: int = 0,
        limits: Mapping[str, int] | None = None,
    ) -> None:
        """``next_ids``: the first key each table may use; ``limits``: one past the last
        (a family planted in its own process gets its own key block). ``block`` numbers the
        family so that identifiers it invents (IIN and BIN serials, device ids, phones)
        never meet another family's."""
        self.world = world
        self.block = block
        self._limits = dict(limits or {})
        self.rng = np.random.default_rng(0)
        self.start = dt.datetime.combine(world.start, dt.time(), tzinfo=dt.UTC)
        self.days = world.days
        self.persons = world.pop.n
        self.fx = fx
        self._next = dict(next_ids)
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        """Rows not yet converted to Arrow (a batch every ``_FLUSH`` rows keeps memory low)."""
        self._batches: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._tx_rows: list[list[Any]] = []
        self._iin_used: set[str] = set()
        self._bin_used: set[str] = set()
        self._serial = 0
        self._phones = 0
        self._accounts = 0
        self._bank_code = {i + 1: b.bank_code for i, b in enumerate(ref.BANKS)}
        eligible = np.flatnonzero(world.bank.accounts.person_main >= 0)
        order = np.argsort(world.pop.age[eligible], kind="stable")
        self._by_age = eligible[order]
        self._ages_sorted = world.pop.age[self._by_age]
        self._entity_pools: dict[str, npt.NDArray[np.int64]] = {}
        self._names_cache: list[str] | None = None
        f = world.firms
        ok = (
            (f.kind == fm.COMPANY)
            & np.isin(f.role, [fm.ORDINARY, fm.MERCHANT])
            & f.active
            & (world.bank.accounts.entity_main >= 0)
        )
        self._eligible_entities = np.flatnonzero(ok)
        self._oked = np.array([o or "" for o in f.oked])
        self._merchant_cache: dict[str, list[MerchantRef]] = {}
        self._bulk: list[tuple[int, int, dict[str, Any]]] = []
        """``txns`` calls not yet converted: first key, rows, columns."""
        self._bulk_rows = 0
        self._paid: set[int] = set()
        """Accounts a planter credits with a salary or a pension."""
        self._actors: dict[str, list[dict[str, Any]]] = {name: [] for name in _ACTORS}
        """Rows of the actors the planter created (for ``planted_life``)."""

    # ── time ───────────────────────────────────────────────────────────────────────────
    def ts(self, day: float) -> dt.datetime:
        return self.start + dt.timedelta(days=float(day))

    # ── ids and rows ───────────────────────────────────────────────────────────────────
    def next_id(self, table: str) -> int:
        if table not in self._next:
            raise PlantingError(f"table {table!r} has no integer surrogate key to draw")
        value = self._next[table]
        if value >= self._limits.get(table, 1 << 62):
            raise PlantingError(f"{table}: a family may plant at most its block of keys")
        self._next[table] = value + 1
        return value

    def _phone_index(self) -> int:
        """Subscriber numbers counted down from the top of the 7-digit range, a block per
        family, far from the ordinary world's (counted up from 0)."""
        self._phones += 1
        return 9_999_999 - self.block * 200_000 - self._phones % 200_000

    def row(self, table: str, **columns: Any) -> None:
        try:
            spec = _SPECS[table]
        except KeyError:
            raise PlantingError(f"unknown table {table!r}; known: {sorted(TABLES)}") from None
        convert = spec.convert
        row: dict[str, Any] = {}
        for name, value in columns.items():
            fn = convert.get(name)
            if fn is None:
                raise PlantingError(f"{table}: unknown columns {[name]}")
            if value is not None:
                row[name] = fn(value.item() if isinstance(value, np.generic) else value)
        need = spec.required_if_derived if spec.source in row else spec.required
        if not need.issubset(row):  # values given as None are not in ``row``
            missing = sorted(need.difference(row))
            raise PlantingError(f"{table}.{missing[0]} is required")
        for name, allowed in spec.enums:
            value = row.get(name)
            if value is not None and value not in allowed:
                raise PlantingError(f"{table}.{name}={value!r} not in {sorted(allowed)}")
        if table == "transactions":
            self._tx_rows.append([row.get(name) for name in _TX_COLUMNS])
            if len(self._tx_rows) >= _FLUSH:
                self._flush(table)
            return
        if table in _ACTORS:
            self._actors[table].append(row)
        rows = self.rows[table]
        rows.append(row)
        if len(rows) >= _FLUSH:
            self._flush(table)

    def txn(
        self,
        *,
        ts: dt.datetime,
        type: str,
        channel: str,
        amount: Amount,
        currency: str = "KZT",
        src_account_id: int | None = None,
        dst_account_id: int | None = None,
        status: str = "completed",
        **columns: Any,
    ) -> int:
        # the planters' most frequent call: a direct path with the same checks as ``row``
        for name, value, allowed in (
            ("type", type, _TXN_TYPES),
            ("channel", channel, _CHANNELS),
            ("status", status, _STATUS),
        ):
            if value not in allowed:
                raise PlantingError(f"transactions.{name}={value!r} not in {sorted(allowed)}")
        txn_id = self._next["transactions"]
        if txn_id >= self._limits.get("transactions", 1 << 62):
            raise PlantingError("transactions: a family may plant at most its block of keys")
        self._next["transactions"] = txn_id + 1
        if ts is None or currency is None:
            raise PlantingError("transactions.ts and currency are required")
        row: list[Any] = [None] * _N_TX
        row[_TX_ID], row[_TX_TS], row[_TX_TYPE], row[_TX_CHANNEL] = (
            txn_id,
            _as_utc(ts),
            type,
            channel,
        )
        row[_TX_AMOUNT], row[_TX_CURRENCY], row[_TX_STATUS] = float(amount), currency, status
        if src_account_id is not None:
            row[_TX_SRC] = int(src_account_id)
        if dst_account_id is not None:
            row[_TX_DST] = int(dst_account_id)
        if columns:
            convert = _SPECS["transactions"].convert
            for name, value in columns.items():
                i = _TX_INDEX.get(name)
                if i is None or name in _TX_FIXED:
                    raise PlantingError(f"transactions: unknown or repeated column {name!r}")
                if value is not None:
                    row[i] = convert[name](value.item() if isinstance(value, np.generic) else value)
        self._tx_rows.append(row)
        self._note_paid(type, columns.get("knp"), dst_account_id)
        if len(self._tx_rows) >= _FLUSH:
            self._flush("transactions")
        return txn_id

    def txns(self, **columns: Any) -> Sequence[int]:
        """Many transactions at once (see ``SchemeContext.txns``)."""
        given = {k: v for k, v in columns.items() if v is not None}
        unknown = set(given) - set(_TX_COLUMNS) | (set(given) & {"txn_id", "amount_kzt"})
        if unknown:
            raise PlantingError(f"transactions: unknown or derived columns {sorted(unknown)}")
        missing = {"ts", "type", "channel", "amount"} - set(given)
        if missing:
            raise PlantingError(f"transactions.{sorted(missing)[0]} is required")
        n = len(given["amount"])
        if any(len(v) != n for v in given.values()):
            raise PlantingError("txns: every column must have the same length")
        if n == 0:
            return []
        _check_bulk(given)
        first = self._next["transactions"]
        if first + n > self._limits.get("transactions", 1 << 62):
            raise PlantingError("transactions: a family may plant at most its block of keys")
        self._next["transactions"] = first + n
        # checked and converted in bulk with the next calls' (one Arrow batch per _FLUSH rows)
        self._bulk.append((first, n, given))
        self._bulk_rows += n
        paid = np.asarray(given["type"], dtype=object) == "salary"
        if "knp" in given:
            paid |= np.asarray(given["knp"], dtype=object) == _PENSION_KNP
        if paid.any() and "dst_account_id" in given:
            dst = np.asarray(given["dst_account_id"], dtype=object)[paid]
            self._paid.update(int(x) for x in dst.tolist() if x is not None)
        if self._bulk_rows >= _FLUSH:
            self._flush_bulk()
        return range(first, first + n)

    def _note_paid(self, type_: str, knp: Any, dst: int | None) -> None:
        if dst is not None and (type_ == "salary" or knp == _PENSION_KNP):
            self._paid.add(int(dst))

    def _flush_bulk(self) -> None:
        if not self._bulk:
            return
        bulk, self._bulk, self._bulk_rows = self._bulk, [], 0
        total = sum(n for _, n, _ in bulk)
        ids = np.concatenate([np.arange(f, f + n, dtype=np.int64) for f, n, _ in bulk])
        cols: dict[str, Any] = {"txn_id": pa.array(ids)}
        for col in TABLES["transactions"].columns[1:]:
            parts = [(n, g.get(col.name)) for _, n, g in bulk]
            cols[col.name] = _bulk_column(col, _joined(col, parts), total)
        cols["amount_kzt"] = self.fx.to_kzt(cols["amount"], cols["currency"], cols["ts"])
        self._batches["transactions"].append(pa.table(cols, schema=TABLES["transactions"].schema))

    # ── ground truth ───────────────────────────────────────────────────────────────────
    def label(
        self,
        scheme_id: str,
        family: str,
        typology: str,
        object_type: str,
        object_id: int,
        role: str,
    ) -> None:
        if family not in FAMILIES or object_type not in OBJECT_TYPES:
            raise PlantingError(f"label: bad family {family!r} or object type {object_type!r}")
        self.row(
            "labels",
            scheme_id=scheme_id,
            family=family,
            typology=typology,
            object_type=object_type,
            object_id=object_id,
            role=role,
        )

    def decoy(
        self, decoy_id: str, kind: str, family: str, object_type: str, object_id: int
    ) -> None:
        self.row(
            "decoys",
            decoy_id=decoy_id,
            kind=kind,
            family=family,
            object_type=object_type,
            object_id=object_id,
        )

    # ── the ordinary world ─────────────────────────────────────────────────────────────
    def _person_ref(self, i: int) -> PersonRef:
        w = self.world
        acct = int(w.bank.accounts.person_main[i])
        return PersonRef(
            person_id=i + 1,
            iin=f"{int(w.pop.iin[i]):012d}",
            birth_date=vec.to_date(int(w.pop.birth[i])),
            sex="F" if w.pop.female[i] else "M",
            monthly_income_kzt=float(w.pop.income[i]),
            region=ref.REGION_NAMES[int(w.pop.region[i])],
            account_id=acct + 1 if acct >= 0 else None,
        )

    def _distinct(self, m: int, k: int) -> npt.NDArray[np.int64]:
        """``k`` distinct positions in ``range(m)`` in random order, without permuting all
        of a large pool for a small sample."""
        if k * 4 > m:
            return self.rng.permutation(m)[:k].astype(np.int64)
        draw = self.rng.integers(0, m, 2 * k + 8)
        _, first = np.unique(draw, return_index=True)
        picked = draw[np.sort(first)][:k]
        if len(picked) < k:
            return self.rng.permutation(m)[:k].astype(np.int64)
        return picked.astype(np.int64)

    def sample_persons(
        self, n: int, *, min_age: int | None = None, max_age: int | None = None
    ) -> list[PersonRef]:
        ages = self._ages_sorted
        lo = 0 if min_age is None else int(np.searchsorted(ages, min_age, side="left"))
        hi = len(ages) if max_age is None else int(np.searchsorted(ages, max_age, side="right"))
        if hi <= lo or n <= 0:
            return []
        picked = lo + self._distinct(hi - lo, min(n, hi - lo))
        return [self._person_ref(int(i)) for i in self._by_age[picked]]

    def _entity_ref(self, j: int) -> EntityRef:
        f = self.world.firms
        acct = int(self.world.bank.accounts.entity_main[j])
        b = int(f.bin[j])
        return EntityRef(
            entity_id=j + 1,
            bin=f"{b:012d}" if b >= 0 else None,
            name=self._entity_names()[j],
            kind=fm.KINDS[int(f.kind[j])],
            oked=f.oked[j],
            country=f.country[j],
            account_id=acct + 1 if acct >= 0 else None,
        )

    def _entity_names(self) -> list[str]:
        if self._names_cache is None:
            self._names_cache = [str(x) for x in self.world.firms.table.column("name").to_pylist()]
        return self._names_cache

    def sample_entities(self, n: int, *, oked_prefix: str | None = None) -> list[EntityRef]:
        key = oked_prefix or ""
        if key not in self._entity_pools:
            pool = self._eligible_entities
            self._entity_pools[key] = pool[np.char.startswith(self._oked[pool], key)]
        pool = self._entity_pools[key]
        if len(pool) == 0 or n <= 0:
            return []
        picked = pool[self._distinct(len(pool), min(n, len(pool)))]
        return [self._entity_ref(int(j)) for j in picked]

    def banks(self) -> Sequence[tuple[int, str]]:
        return [(i + 1, ref.BANKS[i].bic) for i in bk.DOMESTIC_BANKS]

    def merchants(self, category: str) -> Sequence[MerchantRef]:
        if category not in ref.MERCHANT_CATEGORY_INDEX:
            known = ", ".join(c.name for c in ref.MERCHANT_CATEGORIES)
            raise PlantingError(f"unknown merchant category {category!r}; known: {known}")
        if category not in self._merchant_cache:
            b = self.world.bank
            idx = np.flatnonzero(b.merchant_category == ref.MERCHANT_CATEGORY_INDEX[category])
            self._merchant_cache[category] = [
                MerchantRef(
                    merchant_id=str(b.merchant_ids[i].as_py()),
                    name=str(b.merchant_names[i].as_py()),
                    mcc=str(b.merchant_mcc[i].as_py()),
                    category=category,
                    terminal_id=str(b.terminal_ids[i].as_py()),
                )
                for i in idx.tolist()
            ]
        return self._merchant_cache[category]

    def atms(self) -> Sequence[str]:
        return [str(x) for x in self.world.bank.atm_ids.to_pylist()]

    def platforms(self, *, licensed: bool) -> Sequence[PlatformRef]:
        t = self.world.bank.platforms
        out = []
        for r in t.to_pylist():
            if bool(r["licensed"]) == licensed:
                out.append(
                    PlatformRef(
                        r["platform_id"],
                        r["name"],
                        bool(r["licensed"]),
                        r["merchant_id"],
                        r["iban"],
                    )
                )
        return out

    # ── new actors ─────────────────────────────────────────────────────────────────────
    def _region_index(self, region: str | None) -> int:
        if region is None:
            return int(np.searchsorted(_REGION_CDF, self.rng.random(), side="right"))
        for i, r in enumerate(ref.REGIONS):
            if region in (r.name, r.name_ru, r.city):
                return i
        raise PlantingError(f"unknown region {region!r}; known: {', '.join(ref.REGION_NAMES)}")

    def new_address(self, *, country: str = "KZ", region: str | None = None) -> int:
        address_id = self.next_id("addresses")
        rng = self.rng
        if country != "KZ":
            self.row(
                "addresses",
                address_id=address_id,
                country=country,
                line=f"Suite {int(rng.integers(1, 900))}, Registered Office",
            )
            return address_id
        r = ref.REGIONS[self._region_index(region)]
        street = ref.STREETS[int(rng.integers(0, len(ref.STREETS)))]
        self.row(
            "addresses",
            address_id=address_id,
            kato=f"{r.kato}{int(rng.integers(1000, 9999))}000",
            country="KZ",
            region=r.name,
            city=r.city,
            line=f"{street}, д. {int(rng.integers(1, 200))}, кв. {int(rng.integers(1, 200))}",
        )
        return address_id

    def _unique_iin(self, birth: dt.date, sex: str) -> str:
        while True:
            self._serial += 1
            serial = _IIN_SERIAL_BASE + self.block * _IIN_BLOCK + self._serial % _IIN_BLOCK
            iin = IIN.make(birth, sex, serial)
            if iin is not None and iin not in self._iin_used:
                self._iin_used.add(iin)
                return iin

    def new_person(
        self,
        *,
        age: tuple[int, int] = (18, 70),
        monthly_income_kzt: float | None = None,
        occupation: str | None = None,
        region: str | None = None,
        resident: bool = True,
        pep: bool = False,
        with_account: bool = True,
    ) -> PersonRef:
        rng = self.rng
        ri = self._region_index(region)
        years = int(rng.integers(age[0], age[1] + 1))
        birth = vec.to_date(
            vec.day_number(self.world.start) - years * 365 - years // 4 - int(rng.integers(1, 365))
        )
        female = bool(rng.random() < 0.5)
        sex = "F" if female else "M"
        if resident:
            citizenship = "KZ"
            origin = 0 if rng.random() < ref.REGIONS[ri].kazakh_share else 1
        else:
            codes, probs = ref.weights(ref.COUNTRIES_FOREIGN_CITIZENS)
            citizenship = codes[int(rng.choice(len(codes), p=probs))]
            origin = ORIGIN_OF_CITIZENSHIP[citizenship]
        name = names.draw_name(rng, origin, female, birth.year)
        last, first, patronymic = name.ru()
        if occupation is None:
            occupation = (
                "student" if years < 22 else "pensioner" if years >= 63 else "office_worker"
            )
        if monthly_income_kzt is None:
            occ = ref.OCCUPATIONS[ref.OCCUPATION_INDEX.get(occupation, 0)]
            monthly_income_kzt = round(occ.median_kzt * float(np.exp(rng.normal(0, occ.sigma))), -3)
        person_id = self.next_id("persons")
        iin = self._unique_iin(birth, sex)
        address_id = self.new_address(region=ref.REGIONS[ri].name)
        since = max(
            vec.day_number(self.world.start) - int(rng.integers(30, 2500)),
            vec.day_number(birth) + 16 * 366,
        )
        self.row(
            "persons",
            person_id=person_id,
            iin=iin,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            name_kk=names.full(name.kk()),
            name_ru=names.full(name.ru()),
            name_lat=name.lat(),
            birth_date=birth,
            sex=sex,
            citizenship=citizenship,
            resident=resident,
            region=ref.REGIONS[ri].name,
            address_id=address_id,
            phone=vec.phone(int(rng.integers(0, 1000)), self._phone_index()),
            occupation=occupation,
            declared_income_kzt=monthly_income_kzt,
            pep=pep,
            customer_since=vec.to_date(min(since, vec.day_number(self.world.start) - 1)),
        )
        account_id = None
        if with_account:
            acct = self.new_account("person", person_id, product="card")
            account_id = acct.account_id
            self.new_card(account_id, person_id, resident=resident)
        return PersonRef(
            person_id, iin, birth, sex, float(monthly_income_kzt), ref.REGIONS[ri].name, account_id
        )

    def new_entity(
        self,
        *,
        kind: str = "company",
        form: str | None = None,
        name: str | None = None,
        registered: dt.date | None = None,
        country: str = "KZ",
        oked: str | None = None,
        address_id: int | None = None,
        employees: int | None = None,
        tax_paid_kzt: float | None = None,
        status: str = "active",
        phone: str | None = None,
        with_account: bool = True,
    ) -> EntityRef:
        rng = self.rng
        if kind not in fm.KINDS:
            raise PlantingError(f"unknown entity kind {kind!r}; known: {fm.KINDS}")
        start_day = vec.day_number(self.world.start)
        if registered is None:
            registered = vec.to_date(start_day - int(rng.integers(30, 3000)))
        if form is None:
            form = {"company": "ТОО", "individual_entrepreneur": "ИП", "trust": "Trust"}.get(
                kind, ref.FOREIGN_FORM_BY_COUNTRY.get(country, "Ltd")
            )
        if name is None:
            name = self._entity_name(kind, form, country)
        if oked is None and kind in ("company", "individual_entrepreneur"):
            oked = "46.90" if kind == "company" else "47.19"
        entity_id = self.next_id("legal_entities")
        bin_ = None
        if country == "KZ":
            etype = 6 if kind == "individual_entrepreneur" else 4
            while bin_ is None or bin_ in self._bin_used:
                self._serial += 1
                serial = _BIN_SERIAL_BASE + self.block * _BIN_BLOCK + self._serial % _BIN_BLOCK
                bin_ = BIN.make(registered, etype, 0, serial)
            self._bin_used.add(bin_)
        if address_id is None:
            address_id = self.new_address(country=country)
        if phone is None and country == "KZ":
            phone = vec.phone(int(rng.integers(0, 1000)), self._phone_index(), mobile=False)
        self.row(
            "legal_entities",
            entity_id=entity_id,
            bin=bin_,
            name=name,
            name_lat=names.to_latin(name),
            form=form,
            kind=kind,
            registered=registered,
            country=country,
            foreign_reg_no=None
            if country == "KZ"
            else f"{country}-{int(rng.integers(0, 10**7)):07d}",
            oked=oked,
            address_id=address_id,
            phone=phone,
            employees=employees if employees is not None else 0,
            tax_paid_kzt=tax_paid_kzt if tax_paid_kzt is not None else 0,
            status=status,
        )
        account_id = None
        if with_account:
            account_id = self.new_account("entity", entity_id, product="current").account_id
        return EntityRef(entity_id, bin_, name, kind, oked, country, account_id)

    def _entity_name(self, kind: str, form: str, country: str) -> str:
        rng = self.rng
        if country != "KZ" or kind in ("trust", "foreign_structure"):
            a = ref.FOREIGN_FIRM_WORDS[int(rng.integers(0, len(ref.FOREIGN_FIRM_WORDS)))]
            b = ref.FOREIGN_FIRM_KIND[int(rng.integers(0, len(ref.FOREIGN_FIRM_KIND)))]
            return f"The {a} Family Trust" if kind == "trust" else f"{a} {b} {form}"
        a = ref.FIRM_NAME_FIRST[int(rng.integers(0, len(ref.FIRM_NAME_FIRST)))]
        b = ref.FIRM_NAME_SUFFIX_DEFAULT[int(rng.integers(0, len(ref.FIRM_NAME_SUFFIX_DEFAULT)))]
        return f"{form} «{a} {b}»"

    def new_account(
        self,
        holder_type: str,
        holder_id: int,
        *,
        product: str = "current",
        bank_id: int | None = None,
        opened: dt.date | None = None,
        currency: str = "KZT",
    ) -> AccountRef:
        rng = self.rng
        if bank_id is None:
            share = np.array([ref.BANKS[i].share for i in bk.DOMESTIC_BANKS])
            bank_id = bk.DOMESTIC_BANKS[int(rng.choice(len(share), p=share / share.sum()))] + 1
        code = self._bank_code.get(bank_id)
        if not code:
            raise PlantingError(f"bank_id {bank_id} is not a domestic bank or payment organisation")
        if product not in bk.PRODUCTS:
            raise PlantingError(f"unknown account product {product!r}; known: {bk.PRODUCTS}")
        account_id = self.next_id("accounts")
        letter = vec.IBAN_PRODUCT_LETTER[product]
        branch = int(rng.integers(0, 1000))
        # ordinary accounts number from 10,000 up; planted ones from 500,000,000, a block of
        # 40 million per family, so account parts never repeat within the 9 digits
        self._accounts += 1
        serial = 500_000_000 + self.block * 40_000_000 + self._accounts % 40_000_000
        iban = IBAN.make(code, f"{branch:03d}{letter}{serial:09d}")
        if opened is None:
            opened = vec.to_date(vec.day_number(self.world.start) - int(rng.integers(1, 400)))
        self.row(
            "accounts",
            account_id=account_id,
            iban=iban,
            bank_id=bank_id,
            holder_type=holder_type,
            holder_id=holder_id,
            product=product,
            currency=currency,
            opened=opened,
        )
        return AccountRef(account_id, str(iban), bank_id, holder_type, holder_id)

    def new_card(
        self,
        account_id: int,
        holder_person_id: int,
        *,
        kind: str = "debit",
        issued: dt.date | None = None,
        resident: bool = True,
    ) -> int:
        card_id = self.next_id("cards")
        if issued is None:
            issued = vec.to_date(vec.day_number(self.world.start) - int(self.rng.integers(1, 300)))
        expires = issued + dt.timedelta(days=3 * 365 if resident else 364)
        token = vec.hex_id("tok_", card_id, 0x7F4A7C15)
        self.row(
            "cards",
            card_id=card_id,
            account_id=account_id,
            holder_id=holder_person_id,
            pan_token=token,
            kind=kind,
            issued=issued,
            expires=expires,
            resident=resident,
        )
        return card_id

    def relate(
        self,
        src_type: str,
        src_id: int,
        dst_type: str,
        dst_id: int,
        kind: str,
        *,
        share: float | None = None,
        detail: str | None = None,
        valid_from: dt.date | None = None,
    ) -> int:
        relation_id = self.next_id("relations")
        self.row(
            "relations",
            relation_id=relation_id,
            src_type=src_type,
            src_id=src_id,
            dst_type=dst_type,
            dst_id=dst_id,
            kind=kind,
            share=share,
            detail=detail,
            valid_from=valid_from,
        )
        return relation_id

    def device(
        self,
        party_type: str,
        party_id: int,
        *,
        account_id: int | None = None,
        device_id: str | None = None,
        ip: str | None = None,
        phone: str | None = None,
        geo_country: str = "KZ",
        first_seen: dt.datetime | None = None,
        last_seen: dt.datetime | None = None,
    ) -> str:
        """Record a device/IP/phone sighting; returns the device id (new one if not given).

        ``first_seen``/``last_seen`` (optional additions) default to the world's first and
        last days."""
        rng = self.rng
        if device_id is None:
            self._serial += 1
            device_id = vec.hex_id("D", self._serial + ((self.block + 1) << 40), 0x1B873593)
        if ip is None:
            ip = ".".join(
                str(int(x)) for x in (rng.choice([37, 46, 95, 178]), *rng.integers(0, 255, 3))
            )
        self.row(
            "devices",
            device_id=device_id,
            party_type=party_type,
            party_id=party_id,
            account_id=account_id,
            ip=ip,
            phone=phone,
            geo_country=geo_country,
            first_seen=first_seen or self.start,
            last_seen=last_seen or self.ts(self.days - 1),
        )
        return str(device_id)

    # ── actors for ``planted_life`` ────────────────────────────────────────────────────
    def _first_of(self, table: str, key: str, value: str, of: str) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for r in self._actors[table]:
            if r.get(key) == of:
                out.setdefault(int(r[value]), r)
        return out

    def planted_devices(self) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
        """Device ids and IPs of the devices the planter recorded, in order."""
        d = self._actors["devices"]
        return (
            np.array([r["device_id"] for r in d], dtype=object),
            np.array([r.get("ip") for r in d], dtype=object),
        )

    def _device_of(self, party_type: str) -> dict[int, int]:
        out: dict[int, int] = {}
        for i, r in enumerate(self._actors["devices"]):
            if r.get("party_type") == party_type:
                out.setdefault(int(r["party_id"]), i)
        return out

    def planted_persons(self) -> dict[str, Any] | None:
        """Arrays of the planted persons with an account: ids of the main account, of the
        card and its account, device index, age, income, region, residence, occupation,
        and whether a planter already pays them a salary or pension."""
        accounts = self._first_of("accounts", "holder_type", "holder_id", "person")
        cards: dict[int, dict[str, Any]] = {}
        for r in self._actors["cards"]:
            cards.setdefault(int(r["holder_id"]), r)
        devices = self._device_of("person")
        salaried = self._paid
        start = self.world.start
        region = {r.name: i for i, r in enumerate(ref.REGIONS)}
        rows = [r for r in self._actors["persons"] if int(r["person_id"]) in accounts]
        if not rows:
            return None
        ids = [int(r["person_id"]) for r in rows]
        acct = [int(accounts[i]["account_id"]) for i in ids]
        card = [int(cards[i]["card_id"]) if i in cards else -1 for i in ids]
        occupation = [str(r.get("occupation") or "office_worker") for r in rows]
        return {
            "account": np.array(acct, dtype=np.int64),
            "card": np.array(card, dtype=np.int64),
            "card_account": np.array(
                [
                    int(cards[i]["account_id"]) if i in cards else a
                    for i, a in zip(ids, acct, strict=True)
                ],
                dtype=np.int64,
            ),
            "device": np.array([devices.get(i, -1) for i in ids], dtype=np.int64),
            "age": np.array([(start - r["birth_date"]).days // 365 for r in rows], dtype=np.int64),
            "income": np.array(
                [float(r.get("declared_income_kzt") or 0) for r in rows], dtype=np.float64
            ),
            "region": np.array([region.get(str(r.get("region")), 0) for r in rows], dtype=np.int64),
            "resident": np.array([bool(r.get("resident", True)) for r in rows], dtype=bool),
            "occupation": np.array(
                [ref.OCCUPATION_INDEX.get(o, 0) for o in occupation], dtype=np.int64
            ),
            "occupation_name": occupation,
            "salaried": np.array([a in salaried for a in acct], dtype=bool),
        }

    def planted_entities(self) -> dict[str, Any] | None:
        """Arrays of the active Kazakh planted firms with an account."""
        accounts = self._first_of("accounts", "holder_type", "holder_id", "entity")
        devices = self._device_of("entity")
        rows = [
            r
            for r in self._actors["legal_entities"]
            if int(r["entity_id"]) in accounts
            and r.get("country") == "KZ"
            and r.get("status") == "active"
            and r.get("kind") in ("company", "individual_entrepreneur")
        ]
        if not rows:
            return None
        ids = [int(r["entity_id"]) for r in rows]
        return {
            "account": np.array([int(accounts[i]["account_id"]) for i in ids], dtype=np.int64),
            "device": np.array([devices.get(i, -1) for i in ids], dtype=np.int64),
            "employees": np.array([int(r.get("employees") or 0) for r in rows], dtype=np.int64),
            "kind": np.array([str(r["kind"]) for r in rows]),
            "tax": np.array([float(r.get("tax_paid_kzt") or 0) for r in rows], dtype=np.float64),
        }

    def reserve_txn_ids(self, n: int) -> int:
        """The first of ``n`` consecutive transaction keys of this family's block."""
        first = self._next["transactions"]
        if first + n > self._limits.get("transactions", 1 << 62):
            raise PlantingError("transactions: a family may plant at most its block of keys")
        self._next["transactions"] = first + n
        return first

    def add_transactions(self, table: pa.Table) -> None:
        """Append a table of transactions whose keys came from ``reserve_txn_ids``."""
        self._batches["transactions"].append(table)

    # ── output ─────────────────────────────────────────────────────────────────────────
    def tables(self) -> dict[str, pa.Table]:
        """Planted rows per table (only tables that received rows), with tenge equivalents
        derived from the dated exchange rates where a planter left them out."""
        out = {}
        self._flush_bulk()
        for name in TABLES:
            self._flush(name)
            if self._batches[name]:
                out[name] = pa.concat_tables(self._batches[name])
        if "transactions" in out:  # bulk calls are converted later: back to call order
            out["transactions"] = out["transactions"].sort_by("txn_id")
        return out

    def _flush(self, name: str) -> None:
        decl = TABLES[name]
        cols: dict[str, Any] = {}
        if name == "transactions":
            if not self._tx_rows:
                return
            n = len(self._tx_rows)
            for col, column in zip(decl.columns, zip(*self._tx_rows, strict=True), strict=True):
                cols[col.name] = _column(col.type, column, n)
            self._tx_rows = []
        else:
            rows = self.rows[name]
            if not rows:
                return
            n = len(rows)
            used: set[str] = set()
            for r in rows:
                used.update(r)
            for col in decl.columns:
                given = [r.get(col.name) for r in rows] if col.name in used else None
                cols[col.name] = _column(col.type, given, n)
        spec = _SPECS[name]
        if spec.derived is not None and spec.source is not None and spec.when is not None:
            derived = self.fx.to_kzt(cols[spec.source], cols["currency"], cols[spec.when])
            cols[spec.derived] = vec._pc.coalesce(cols[spec.derived], derived)
        self._batches[name].append(pa.table(cols, schema=decl.schema))
        self.rows[name] = []


_PENSION_KNP = knp_code("pension_benefit")


_TX_ENUMS = {c.name: frozenset(c.enum) for c in TABLES["transactions"].columns if c.enum}
_TX_REQUIRED = ("ts", "type", "channel", "amount", "currency", "status")


def _check_bulk(given: Mapping[str, Any]) -> None:
    """The checks of one ``txns`` call, made at the call (conversion comes later)."""
    for name, values in given.items():
        allowed = _TX_ENUMS.get(name)
        if allowed is None and name not in _TX_REQUIRED:
            continue
        if isinstance(values, np.ndarray) and values.dtype.kind in "fM":
            if name in _TX_REQUIRED and np.isnan(values).any():
                raise PlantingError(f"transactions.{name} is required")
            continue
        seen = set(np.unique(values).tolist()) if isinstance(values, np.ndarray) else set(values)
        if name in _TX_REQUIRED and (
            None in seen or any(isinstance(v, float) and math.isnan(v) for v in seen)
        ):
            raise PlantingError(f"transactions.{name} is required")
        bad = seen - allowed - {None} if allowed is not None else set()
        if bad:
            raise PlantingError(
                f"transactions.{name}={sorted(map(str, bad))[0]!r} not in {sorted(allowed or ())}"
            )


def _joined(col: Column, parts: list[tuple[int, Any]]) -> Any:
    """The values of one column over several ``txns`` calls (``None``: never given)."""
    if all(v is None for _, v in parts):
        return None
    if col.type == MONEY:
        return np.concatenate(
            [np.full(n, np.nan) if v is None else np.asarray(v, np.float64) for n, v in parts]
        )
    if pa.types.is_timestamp(col.type):
        return pa.concat_arrays([_bulk_column(col, v, n) for n, v in parts])
    out: list[Any] = []
    for n, v in parts:
        out.extend([None] * n if v is None else v.tolist() if isinstance(v, np.ndarray) else v)
    return out


_ACTORS = ("persons", "legal_entities", "accounts", "cards", "devices")


_BULK_DEFAULTS = {"currency": "KZT", "status": "completed"}


def _bulk_column(col: Column, values: Any, n: int) -> Arr:
    """One column of ``txns``: converted, defaulted and checked like single rows."""
    if values is None:
        default = _BULK_DEFAULTS.get(col.name)
        arr: Arr = (
            pa.array([default] * n, pa.string()) if default else vec._pc.cast(pa.nulls(n), col.type)
        )
    elif col.type == MONEY:
        arr = to_money(np.asarray(values, dtype=np.float64))
    elif isinstance(values, pa.Array):
        arr = values
    elif pa.types.is_timestamp(col.type):
        if isinstance(values, np.ndarray) and values.dtype.kind == "M":  # UTC, vectorised
            arr = pa.array(values.astype("datetime64[us]")).cast(col.type)
        else:
            arr = pa.array([None if v is None else _as_utc(v) for v in values], col.type)
    else:
        arr = pa.array(list(values), col.type, from_pandas=True)
    if col.enum is not None:
        bad = set(vec._pc.unique(arr).to_pylist()) - set(col.enum) - {None}
        if bad:
            raise PlantingError(
                f"transactions.{col.name}={sorted(map(str, bad))[0]!r} not in {col.enum}"
            )
    if col.required and col.name != "amount_kzt" and arr.null_count:
        raise PlantingError(f"transactions.{col.name} is required")
    return arr


def _column(t: pa.DataType, values: Sequence[Any] | None, n: int) -> Arr:
    """One column of buffered planted rows (``None``: the column was never given)."""
    if values is None:
        nulls: Arr = vec._pc.cast(pa.nulls(n), t)
        return nulls
    if t == MONEY:
        floats = pa.array(values, pa.float64()).to_numpy(zero_copy_only=False)
        return to_money(np.asarray(floats, dtype=np.float64))
    return pa.array(values, t)
