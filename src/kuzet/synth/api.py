"""The contract between the world builder and the scheme planters.

The builder (``kuzet.synth.world`` and friends) makes ordinary Kazakhstan and implements
``SchemeContext``. Each module in ``kuzet.synth.schemes`` plants the labelled schemes of one
family (and its honest decoys) through this interface alone, one row at a time: planted rows
are a small share of a world, so clarity beats vectorisation there.

Rules for planters:
- Use ``ctx.rng`` for every random choice, so a seed reproduces the world.
- Sizes, amounts and timing vary with the seed (draw them; never fix a count).
- Label every object an investigator should find (persons, entities, accounts, contracts,
  loans, deals, wallets…) with ``ctx.label``; label decoys with ``ctx.decoy``.
- Never import ``kuzet.typologies``, ``kuzet.network`` or ``kuzet.scoring`` (and they never
  import this package): a detector that knew the generator's constants would detect nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import numpy as np

Amount = Decimal | float | int


@dataclass(frozen=True, slots=True)
class PersonRef:
    person_id: int
    iin: str
    birth_date: dt.date
    sex: str
    monthly_income_kzt: float
    region: str
    account_id: int | None
    """The person's main current account at a bank in this world, if any."""


@dataclass(frozen=True, slots=True)
class EntityRef:
    entity_id: int
    bin: str | None
    name: str
    kind: str
    oked: str | None
    country: str
    account_id: int | None
    """The entity's main current account, if any."""


@dataclass(frozen=True, slots=True)
class AccountRef:
    account_id: int
    iban: str
    bank_id: int
    holder_type: str
    holder_id: int


@dataclass(frozen=True, slots=True)
class MerchantRef:
    merchant_id: str
    name: str
    mcc: str
    category: str
    terminal_id: str


@dataclass(frozen=True, slots=True)
class PlatformRef:
    platform_id: int
    name: str
    licensed: bool
    merchant_id: str | None
    iban: str | None


class SchemeContext(Protocol):
    """What a scheme planter may ask of the world being built."""

    rng: np.random.Generator
    start: dt.datetime
    """First instant of the world (UTC midnight)."""
    days: int
    persons: int
    """Number of ordinary persons; scale scheme counts with it."""

    # ── time ───────────────────────────────────────────────────────────────────────────
    def ts(self, day: float) -> dt.datetime:
        """The UTC instant ``day`` days (fractional) after ``start``."""
        ...

    # ── new actors ─────────────────────────────────────────────────────────────────────
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
    ) -> PersonRef: ...

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
    ) -> EntityRef: ...

    def new_address(self, *, country: str = "KZ", region: str | None = None) -> int: ...

    def new_account(
        self,
        holder_type: str,
        holder_id: int,
        *,
        product: str = "current",
        bank_id: int | None = None,
        opened: dt.date | None = None,
        currency: str = "KZT",
    ) -> AccountRef: ...

    def new_card(
        self,
        account_id: int,
        holder_person_id: int,
        *,
        kind: str = "debit",
        issued: dt.date | None = None,
        resident: bool = True,
    ) -> int: ...

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
    ) -> int: ...

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
        ``first_seen``/``last_seen`` default to the world's first and last days."""
        ...

    # ── ordinary world to draw from ────────────────────────────────────────────────────
    def sample_persons(
        self, n: int, *, min_age: int | None = None, max_age: int | None = None
    ) -> list[PersonRef]:
        """Ordinary persons with accounts (victims, counterparties, buyers)."""
        ...

    def sample_entities(self, n: int, *, oked_prefix: str | None = None) -> list[EntityRef]: ...

    def banks(self) -> Sequence[tuple[int, str]]:
        """``(bank_id, bic)`` of the domestic banks."""
        ...

    def merchants(self, category: str) -> Sequence[MerchantRef]:
        """Merchants of a category: ``grocery``, ``casino``, ``bookmaker``, ``jewellery``,
        ``car_dealer``, ``electronics``, ``restaurant``, ``online_shop``, ``utilities``,
        ``telecom``, ``pharmacy``, ``fuel``, ``clothing``, ``travel``, ``pawnshop``,
        ``crypto_licensed``, ``crypto_unlicensed``, ``money_transfer``, ``grey_terminal``
        (a POS whose MCC says grocery or services but that takes bets)."""
        ...

    def atms(self) -> Sequence[str]: ...

    def platforms(self, *, licensed: bool) -> Sequence[PlatformRef]: ...

    # ── rows ───────────────────────────────────────────────────────────────────────────
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
        """Append one transaction (other ``transactions`` columns by name: knp, narrative,
        mcc, merchant_id, terminal_id, atm_id, card_id, device_id, ip, cp_name, cp_iban,
        cp_bic, cp_country, kod, kbe, contract_id, loan_id). ``amount_kzt`` is derived from
        the dated exchange rates; returns ``txn_id``."""
        ...

    def txns(self, **columns: Any) -> Sequence[int]:
        """Append many transactions at once: each argument is a column (any ``transactions``
        column but ``txn_id`` and ``amount_kzt``) given as a sequence or numpy array of equal
        length; ``ts``, ``type``, ``channel`` and ``amount`` are required, ``currency``
        defaults to KZT and ``status`` to completed; ``None`` (or NaN for amounts, NaT for
        times) is null. Same checks and derived ``amount_kzt`` as ``txn``, vectorised: use it
        for bulk look-alike activity. Returns the new ``txn_id`` values in order."""
        ...

    def next_id(self, table: str) -> int:
        """A fresh surrogate key for ``table``."""
        ...

    def row(self, table: str, **columns: Any) -> None:
        """Append one row to any canonical table (``trade_contracts``, ``loans``…); the
        caller supplies the key (from ``next_id``) and required columns."""
        ...

    # ── ground truth ───────────────────────────────────────────────────────────────────
    def label(
        self,
        scheme_id: str,
        family: str,
        typology: str,
        object_type: str,
        object_id: int,
        role: str,
    ) -> None: ...

    def decoy(
        self, decoy_id: str, kind: str, family: str, object_type: str, object_id: int
    ) -> None: ...


Planter = Callable[[SchemeContext], None]
"""A scheme family's entry point: plants all its schemes and decoys into the world."""
