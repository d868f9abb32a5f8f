"""The canonical tables of the analytics plane, declared once.

Every table that a workspace holds is declared here: its columns, their Arrow types, which
are required, which take values from a closed set, and which carry an identifier that has a
check digit. Ingest validates against these declarations, the synthetic generator writes
them, and the engine reads them. Nothing else in Kuzet spells a canonical column type.

Conventions (DESIGN.md, "Canonical data"):
- integer surrogate keys (``int64``) for joins, natural keys kept as their own columns;
- amounts as ``decimal(18,2)`` in the source currency plus ``amount_kzt``;
- timestamps in UTC (``timestamp[us, tz=UTC]``), dates as ``date32``;
- a party is addressed as ``(party_type, party_id)`` with ``party_type`` in ``PARTY_TYPES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import pyarrow as pa

from kuzet.model.units import default_units

ID = pa.int64()
STR = pa.string()
MONEY = pa.decimal128(18, 2)
TS = pa.timestamp("us", tz="UTC")
DATE = pa.date32()
BOOL = pa.bool_()
INT = pa.int32()
FLOAT = pa.float64()

PARTY_TYPES = ("person", "entity")
"""``person`` rows live in ``persons``, ``entity`` rows in ``legal_entities``."""

FAMILIES = ("MULE", "CASH", "TBML", "LOAN", "VA", "RE", "LUX", "GAM", "PF", "STRUCT", "LAYER")
"""Scheme families of the red-flag catalogue (domain brief §6), as used in ``labels``."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: pa.DataType
    required: bool = False
    doc: str = ""
    enum: tuple[str, ...] | None = None
    identifier: str | None = None
    """Identifier type (``kuzet.model.identifiers``) whose check the value must pass."""
    units: bool = False
    """A unit of quantity: ingest writes its canonical spelling (``kuzet.model.units``)."""

    @property
    def field(self) -> pa.Field[pa.DataType]:
        return pa.field(self.name, self.type, nullable=not self.required)


@dataclass(frozen=True, slots=True)
class Table:
    """A canonical table: a name, a description, a primary key and its columns."""

    name: str
    doc: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    time_column: str | None = None
    """The column that places a row in time, used for date ranges and windows."""
    cluster_by: tuple[str, ...] = ()
    """Columns that rows are sorted by within each stored file, so that an engine filtering
    on them (a kind of operation, a date range) skips whole row groups instead of decoding
    every row of every column (``kuzet.workspace.clustered``)."""
    written_by: str = ""
    """The Kuzet command that computes this table from the rest of the workspace (empty: the
    bank's data, ingested or synthesised); ``kuzet monitor`` names it when a pack reads the
    table and it has no rows."""
    rerun_when: str = ""
    """When that command is due again (after each list update, for the same window…)."""
    loaded_with: str = ""
    """For reference data a bank loads from outside (a published price list…): how to load it,
    and what an indicator does without it; ``kuzet monitor`` says so when a pack reads the
    table and it has no rows."""
    _by_name: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {c.name: c for c in self.columns}
        if len(by_name) != len(self.columns):
            raise ValueError(f"table {self.name}: duplicate column names")
        missing = [
            k for k in (*self.key, self.time_column, *self.cluster_by) if k and k not in by_name
        ]
        if missing:
            raise ValueError(
                f"table {self.name}: unknown key, time or clustering columns {missing}"
            )
        object.__setattr__(self, "_by_name", by_name)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([c.field for c in self.columns])

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)


def c(
    name: str,
    type_: pa.DataType,
    doc: str = "",
    *,
    req: bool = False,
    enum: tuple[str, ...] | None = None,
    ident: str | None = None,
    units: bool = False,
) -> Column:
    return Column(name, type_, req, doc, enum, ident, units)


PARTY = ("person", "entity")
ACCOUNT_PRODUCTS = ("current", "card", "credit_card", "deposit", "savings", "loan", "escrow")
TXN_TYPES = (
    "transfer",  # account-to-account credit transfer (domestic or cross-border)
    "card_payment",  # purchase at a merchant (POS or e-commerce)
    "cash_withdrawal",  # ATM or cash desk
    "cash_deposit",  # ATM cash-in or cash desk
    "salary",  # payroll credit
    "bill_payment",  # utilities, telecom, taxes
    "loan_disbursement",
    "loan_repayment",
    "fee",
)
CHANNELS = ("branch", "atm", "pos", "ecom", "mobile", "internet", "swift", "batch")
TXN_STATUS = ("completed", "attempted", "rejected")
RELATION_KINDS = (
    "owner",
    "founder",
    "director",
    "trustee",
    "settlor",
    "beneficiary",
    "nominee",
    "relative",
    "employee",
)
ENTITY_KINDS = ("company", "individual_entrepreneur", "trust", "foreign_structure")
ENTITY_STATUS = ("active", "liquidated", "suspended", "bankrupt")
ASSET_CLASSES = ("real_estate", "precious_metals", "jewellery", "luxury_goods", "vehicle")
PAYMENT_FORMS = ("cash", "transfer", "mortgage", "crypto", "mixed")
GAMBLING_OPS = ("deposit", "bet", "win", "withdrawal", "chips_buy", "chips_cashout")
LOAN_STATUS = ("active", "repaid", "defaulted", "forgiven", "assigned")
LENDER_TYPES = ("bank", "mfo", "person", "entity", "foreign")
CRYPTO_DIRECTIONS = ("buy", "sell", "deposit", "withdrawal")
QUARANTINE_REASONS = (
    "required",  # a required value is missing
    "type",  # not a value of the column's type (integer, number, boolean…)
    "enum",  # not one of the column's allowed values
    "identifier",  # fails the identifier's format or check digit (IIN, BIN, IBAN, BIC)
    "date",  # not an ISO 8601 calendar date
    "timestamp",  # not an ISO 8601 timestamp
    "amount",  # not a decimal(18,2) amount: unparseable, too many decimals or too large
    "negative_amount",  # an amount below zero
    "fx",  # amount in KZT missing and no exchange rate to compute it
    "row_shape",  # a CSV record with the wrong number of fields
)
"""Why ingest set a row aside (``quarantine.reason``); ``quarantine.detail`` says it in words."""
OBJECT_TYPES = (
    "person",
    "entity",
    "account",
    "card",
    "transaction",
    "contract",
    "loan",
    "deal",
    "wallet",
    "gambling_op",
)

_TABLES: tuple[Table, ...] = (
    # ── parties ──────────────────────────────────────────────────────────────────────────
    Table(
        "persons",
        "Natural persons: customers, counterparties, owners, directors.",
        key=("person_id",),
        columns=(
            c("person_id", ID, req=True),
            c("iin", STR, "ИИН, 12 digits with check digit", req=True, ident="iin"),
            c("last_name", STR, "surname as registered (Russian or Kazakh Cyrillic)", req=True),
            c("first_name", STR, "given name as registered", req=True),
            c("patronymic", STR, "patronymic, -ович/-овна or -ұлы/-қызы"),
            c("name_kk", STR, "full name in Kazakh Cyrillic"),
            c("name_ru", STR, "full name in Russian Cyrillic"),
            c("name_lat", STR, "full name as printed in the passport (Latin)"),
            c("birth_date", DATE, req=True),
            c("sex", STR, enum=("M", "F")),
            c("citizenship", STR, "ISO 3166-1 alpha-2"),
            c("resident", BOOL),
            c("region", STR, "oblast or city of republican significance"),
            c("address_id", ID),
            c("phone", STR, "MSISDN, +7…"),
            c("occupation", STR),
            c("declared_income_kzt", MONEY, "declared monthly income"),
            c("pep", BOOL, "politically exposed person"),
            c("customer_since", DATE),
        ),
    ),
    Table(
        "legal_entities",
        "Companies, individual entrepreneurs, trusts and foreign structures.",
        key=("entity_id",),
        columns=(
            c("entity_id", ID, req=True),
            c("bin", STR, "БИН, 12 digits (null for foreign structures without one)", ident="bin"),
            c("name", STR, req=True),
            c("name_lat", STR),
            c("form", STR, "legal form as written: ТОО, АО, ИП, LLP, Ltd, Trust…"),
            c("kind", STR, req=True, enum=ENTITY_KINDS),
            c("registered", DATE, req=True),
            c("country", STR, "ISO 3166-1 alpha-2 of registration", req=True),
            c("foreign_reg_no", STR, "registration number abroad"),
            c("oked", STR, "ОКЭД activity code, e.g. 46.90"),
            c("address_id", ID),
            c("phone", STR),
            c("employees", INT),
            c("tax_paid_kzt", MONEY, "taxes paid over the last 12 months"),
            c("status", STR, req=True, enum=ENTITY_STATUS),
            c("liquidated", DATE),
        ),
    ),
    Table(
        "addresses",
        "Registered and residential addresses.",
        key=("address_id",),
        columns=(
            c("address_id", ID, req=True),
            c("kato", STR, "КАТО territorial code"),
            c("country", STR, req=True),
            c("region", STR),
            c("city", STR),
            c("line", STR, "street, building, office"),
        ),
    ),
    Table(
        "relations",
        "Ownership, control and kinship: src is owner/director/… of dst.",
        key=("relation_id",),
        columns=(
            c("relation_id", ID, req=True),
            c("src_type", STR, req=True, enum=PARTY),
            c("src_id", ID, req=True),
            c("dst_type", STR, req=True, enum=PARTY),
            c("dst_id", ID, req=True),
            c("kind", STR, req=True, enum=RELATION_KINDS),
            c("share", FLOAT, "ownership share in [0, 1] for owner and founder"),
            c("detail", STR, "kinship degree, role title…"),
            c("valid_from", DATE),
            c("valid_to", DATE),
        ),
    ),
    Table(
        "devices",
        "Devices, IP addresses and phones seen for a party or an account.",
        key=("device_id", "party_type", "party_id"),
        time_column="first_seen",
        columns=(
            c("device_id", STR, req=True),
            c("party_type", STR, req=True, enum=PARTY),
            c("party_id", ID, req=True),
            c("account_id", ID),
            c("ip", STR),
            c("phone", STR),
            c("geo_country", STR),
            c("first_seen", TS),
            c("last_seen", TS),
        ),
    ),
    # ── money ────────────────────────────────────────────────────────────────────────────
    Table(
        "banks",
        "Banks and payment organisations.",
        key=("bank_id",),
        columns=(
            c("bank_id", ID, req=True),
            c("bic", STR, "SWIFT BIC / БИК", req=True, ident="bic"),
            c("bank_code", STR, "3-digit code inside KZ IBANs"),
            c("name", STR, req=True),
            c("country", STR, req=True),
            c("kind", STR, enum=("bank", "payment_org", "foreign_bank")),
        ),
    ),
    Table(
        "accounts",
        "Accounts held at banks (ИИК = IBAN).",
        key=("account_id",),
        time_column="opened",
        columns=(
            c("account_id", ID, req=True),
            c("iban", STR, req=True, ident="iban"),
            c("bank_id", ID, req=True),
            c("holder_type", STR, req=True, enum=PARTY),
            c("holder_id", ID, req=True),
            c("product", STR, req=True, enum=ACCOUNT_PRODUCTS),
            c("currency", STR, req=True),
            c("opened", DATE, req=True),
            c("closed", DATE),
        ),
    ),
    Table(
        "cards",
        "Payment cards linked to accounts.",
        key=("card_id",),
        time_column="issued",
        columns=(
            c("card_id", ID, req=True),
            c("account_id", ID, req=True),
            c("holder_id", ID, "person holding the card", req=True),
            c("pan_token", STR, "tokenised PAN (never a real card number)", req=True),
            c("kind", STR, req=True, enum=("debit", "credit", "prepaid")),
            c("issued", DATE, req=True),
            c("expires", DATE, req=True),
            c("resident", BOOL),
        ),
    ),
    Table(
        "merchants",
        "Acquired merchants and terminals, with the business they declare.",
        key=("merchant_id",),
        columns=(
            c("merchant_id", STR, req=True),
            c("name", STR, req=True),
            c("mcc", STR, "ISO 18245 merchant category code", req=True),
            c("entity_id", ID, "the legal entity operating the merchant"),
            c("acquirer_bank_id", ID),
            c("country", STR),
            c("category", STR, "declared business in plain words"),
        ),
    ),
    Table(
        "transactions",
        "Every payment operation: completed, attempted or rejected.",
        key=("txn_id",),
        time_column="ts",
        # rules read one kind of operation at a time (transfers, cash, card payments) over
        # a date range: sorted by type, then time, each reads only its own row groups
        cluster_by=("type", "ts"),
        columns=(
            c("txn_id", ID, req=True),
            c("ts", TS, req=True),
            c("type", STR, req=True, enum=TXN_TYPES),
            c("channel", STR, req=True, enum=CHANNELS),
            c("src_account_id", ID, "debited account when it is ours"),
            c("dst_account_id", ID, "credited account when it is ours"),
            c("cp_name", STR, "external counterparty name"),
            c("cp_iban", STR, "external counterparty account"),
            c("cp_bic", STR, "external counterparty bank"),
            c("cp_country", STR, "external counterparty country"),
            c("amount", MONEY, req=True),
            c("currency", STR, req=True),
            c("amount_kzt", MONEY, req=True),
            c("knp", STR, "КНП payment-purpose code, 3 digits"),
            c("kod", STR, "КОд sender code, 2 digits"),
            c("kbe", STR, "КБе beneficiary code, 2 digits"),
            c("narrative", STR),
            c("mcc", STR),
            c("merchant_id", STR),
            c("terminal_id", STR),
            c("atm_id", STR),
            c("card_id", ID),
            c("device_id", STR),
            c("ip", STR),
            c("status", STR, req=True, enum=TXN_STATUS),
            c("contract_id", ID, "trade contract the payment settles"),
            c("loan_id", ID, "loan the payment disburses or repays"),
            c("ref", STR, "external reference: EndToEndId, UETR or the source system's id"),
        ),
    ),
    Table(
        "payment_parties",
        "Every party block of a payment message (ISO 20022), ultimate parties and agents included.",
        key=("txn_id", "role", "seq"),
        columns=(
            c("txn_id", ID, req=True),
            c(
                "role",
                STR,
                req=True,
                enum=(
                    "initiating",
                    "ultimate_debtor",
                    "debtor",
                    "debtor_agent",
                    "intermediary_agent",
                    "creditor_agent",
                    "creditor",
                    "ultimate_creditor",
                ),
            ),
            c(
                "seq",
                INT,
                "order among parties of one role: 1, or 1–3 for intermediary agents",
                req=True,
            ),
            c("name", STR),
            c("iban", STR),
            c("account_other", STR, "account identifier that is not an IBAN"),
            c("bic", STR),
            c("org_id", STR, "BIN, LEI or other organisation identifier"),
            c("private_id", STR, "IIN, passport or other personal identifier"),
            c("birth_date", DATE),
            c("birth_place", STR),
            c("country", STR, "country of residence or of the postal address"),
            c("address", STR),
        ),
    ),
    # ── sector data ──────────────────────────────────────────────────────────────────────
    Table(
        "trade_contracts",
        "Foreign-trade contracts (currency-control registrations).",
        key=("contract_id",),
        time_column="signed",
        columns=(
            c("contract_id", ID, req=True),
            c("contract_no", STR, req=True),
            c("reg_no", STR, "учетный номер контракта"),
            c("entity_id", ID, "the Kazakhstani party", req=True),
            c("direction", STR, req=True, enum=("import", "export")),
            c("cp_name", STR, "foreign counterparty", req=True),
            c("cp_country", STR, req=True),
            c("goods_desc", STR),
            c("hs_code", STR, "HS commodity code, 6, 8 or 10 digits", ident="hs"),
            c("quantity", FLOAT),
            c("unit", STR, "unit of quantity (шт, кг, т…), spelled as units.yaml", units=True),
            c("unit_price", MONEY),
            c("amount", MONEY, req=True),
            c("currency", STR, req=True),
            c("amount_kzt", MONEY, req=True),
            c("prepay_pct", FLOAT, "share of the amount paid before delivery, in [0, 1]"),
            c("signed", DATE, req=True),
            c("delivery_due", DATE),
            c("route_countries", STR, "transit countries, ISO-2 separated by ';'"),
            c("amendments", INT),
        ),
    ),
    Table(
        "customs_declarations",
        "Customs declarations matched to contracts where known.",
        key=("declaration_id",),
        time_column="declared",
        columns=(
            c("declaration_id", ID, req=True),
            c("decl_no", STR, req=True),
            c("contract_id", ID),
            c("entity_id", ID, req=True),
            c("direction", STR, req=True, enum=("import", "export")),
            c("declared", DATE, req=True),
            c("hs_code", STR, "HS commodity code, 6, 8 or 10 digits", req=True, ident="hs"),
            c("quantity", FLOAT),
            c("customs_value", MONEY, req=True),
            c("currency", STR, req=True),
            c("customs_value_kzt", MONEY, req=True),
            c("origin_country", STR),
            c("consignee", STR),
        ),
    ),
    Table(
        "reference_prices",
        "Published reference unit prices of goods by HS code (customs value-risk profiles, "
        "exchange or market quotations): what an honest invoice of the heading costs.",
        key=("hs_code", "unit", "valid_from"),
        time_column="valid_from",
        columns=(
            c(
                "hs_code",
                STR,
                "HS code the price applies to: 6, 8 or 10 digits",
                req=True,
                ident="hs",
            ),
            c(
                "unit",
                STR,
                "unit of quantity the price is per (шт, кг, т…), spelled as units.yaml",
                req=True,
                units=True,
            ),
            c("description", STR),
            c("price", MONEY, "typical price per unit", req=True),
            c("price_min", MONEY, "lowest usual price per unit, where the source gives a range"),
            c("price_max", MONEY, "highest usual price per unit, where the source gives a range"),
            c("currency", STR, req=True),
            c("price_kzt", MONEY, "the price in tenge at the rate of valid_from", req=True),
            c("price_min_kzt", MONEY),
            c("price_max_kzt", MONEY),
            c("valid_from", DATE, req=True),
            c("valid_to", DATE, "last day the price applies; empty: until replaced"),
            c("source", STR, req=True, enum=("customs", "market", "exchange")),
        ),
        loaded_with=(
            "`kuzet ingest -t reference_prices FILE` (a customs value-risk profile or a market "
            "price list); without it, prices are compared with references derived from the "
            "workspace's own contracts and declarations"
        ),
    ),
    Table(
        "loans",
        "Loans between any parties, bank or private.",
        key=("loan_id",),
        time_column="issued",
        columns=(
            c("loan_id", ID, req=True),
            c("lender_type", STR, req=True, enum=LENDER_TYPES),
            c("lender_party_type", STR, enum=PARTY),
            c("lender_id", ID, "person or entity id when the lender is known to us"),
            c("lender_name", STR),
            c("lender_country", STR),
            c("borrower_type", STR, req=True, enum=PARTY),
            c("borrower_id", ID, req=True),
            c("amount", MONEY, req=True),
            c("currency", STR, req=True),
            c("amount_kzt", MONEY, req=True),
            c("rate", FLOAT, "annual interest rate, 0.18 = 18%"),
            c("term_months", INT),
            c("issued", DATE, req=True),
            c("collateral", STR),
            c("purpose", STR),
            c("status", STR, req=True, enum=LOAN_STATUS),
            c("status_date", DATE),
        ),
    ),
    Table(
        "loan_schedules",
        "Repayment schedules: one row per instalment.",
        key=("loan_id", "seq"),
        time_column="due_date",
        columns=(
            c("loan_id", ID, req=True),
            c("seq", INT, req=True),
            c("due_date", DATE, req=True),
            c("principal", MONEY, req=True),
            c("interest", MONEY),
        ),
    ),
    Table(
        "crypto_platforms",
        "Crypto platforms as published by the regulator, with their payment identifiers.",
        key=("platform_id",),
        columns=(
            c("platform_id", ID, req=True),
            c("name", STR, req=True),
            c("domain", STR),
            c("merchant_id", STR),
            c("iban", STR, "account that receives fiat from customers"),
            c("operator_entity_id", ID),
            c("licensed", BOOL, "AFSA licence held", req=True),
            c("licence_no", STR),
        ),
    ),
    Table(
        "crypto_transfers",
        "Operations on crypto platforms and on-chain transfers of customers.",
        key=("transfer_id",),
        time_column="ts",
        columns=(
            c("transfer_id", ID, req=True),
            c("ts", TS, req=True),
            c("platform_id", ID),
            c("person_id", ID),
            c("account_id", ID, "fiat account that funded or received"),
            c("direction", STR, req=True, enum=CRYPTO_DIRECTIONS),
            c("chain", STR, req=True, enum=("bitcoin", "ethereum", "tron")),
            c("asset", STR, req=True),
            c("from_address", STR),
            c("to_address", STR),
            c("amount_asset", FLOAT, req=True),
            c("amount_kzt", MONEY),
            c("tx_hash", STR),
        ),
    ),
    Table(
        "property_deals",
        "Purchases of real estate, precious metals, jewellery, luxury goods and vehicles.",
        key=("deal_id",),
        time_column="ts",
        columns=(
            c("deal_id", ID, req=True),
            c("ts", TS, req=True),
            c("asset_class", STR, req=True, enum=ASSET_CLASSES),
            c("item_id", STR, "cadastral number, VIN or item code"),
            c("description", STR),
            c("buyer_type", STR, req=True, enum=PARTY),
            c("buyer_id", ID, req=True),
            c("payer_type", STR, enum=PARTY),
            c("payer_id", ID),
            c("payer_country", STR),
            c("seller_type", STR, enum=PARTY),
            c("seller_id", ID),
            c("price", MONEY, req=True),
            c("currency", STR, req=True),
            c("price_kzt", MONEY, req=True),
            c("valuation_kzt", MONEY, "cadastral or market valuation"),
            c("payment_form", STR, req=True, enum=PAYMENT_FORMS),
            c("notary", STR),
            c("realtor", STR),
            c("kato", STR),
        ),
    ),
    Table(
        "gambling_ops",
        "Operations at casinos, bookmakers and lotteries.",
        key=("op_id",),
        time_column="ts",
        columns=(
            c("op_id", ID, req=True),
            c("ts", TS, req=True),
            c("operator", STR, req=True),
            c("operator_entity_id", ID),
            c("person_id", ID, req=True),
            c("op_type", STR, req=True, enum=GAMBLING_OPS),
            c("amount_kzt", MONEY, req=True),
            c("channel", STR, enum=("venue", "online")),
            c("card_id", ID),
            c("payout_iban", STR, "account the winnings or withdrawal went to"),
            c("payout_holder_id", ID, "person holding that account"),
            c("terminal_id", STR),
        ),
    ),
    # ── ingest ───────────────────────────────────────────────────────────────────────────
    Table(
        "quarantine",
        "Input rows that failed validation: one row per failing field, never loaded elsewhere.",
        key=(),  # a log: one file line may fail on several fields, or twice in two runs
        time_column="ingested_at",
        columns=(
            c("table", STR, "canonical table the row was meant for", req=True),
            c("file", STR, "input file as given to ingest", req=True),
            c("file_sha256", STR, "content hash of the input file", req=True),
            c("line", ID, "CSV: physical line; Parquet: 1-based row; XML: line of the element"),
            c("field", STR, "failing column (null when the whole record is malformed)"),
            c("value", STR, "the offending value as text"),
            c("reason", STR, req=True, enum=QUARANTINE_REASONS),
            c("detail", STR, "the reason in words"),
            c("ingested_at", TS, req=True),
        ),
    ),
    # ── network analytics (written by ``kuzet network``; see ``kuzet.network``) ──────────────
    Table(
        "account_graph_features",
        "Graph features per account (kuzet network features): fan-in/out, pass-through,"
        " relays, cycles, shared devices, neighbourhood, ring size; windows of 7 and 30 days.",
        key=("account_id",),
        written_by="kuzet network features",
        rerun_when="for the same window",
        columns=(
            c("account_id", ID, req=True),
            c("in_count_7d", ID, req=True),
            c("in_distinct_7d", ID, req=True),
            c("in_amount_7d", FLOAT, req=True),
            c("out_count_7d", ID, req=True),
            c("out_distinct_7d", ID, req=True),
            c("out_amount_7d", FLOAT, req=True),
            c("pass_through_ratio_7d", FLOAT, req=True),
            c("gather_scatter_7d", ID, req=True),
            c("in_count_30d", ID, req=True),
            c("in_distinct_30d", ID, req=True),
            c("in_amount_30d", FLOAT, req=True),
            c("out_count_30d", ID, req=True),
            c("out_distinct_30d", ID, req=True),
            c("out_amount_30d", FLOAT, req=True),
            c("pass_through_ratio_30d", FLOAT, req=True),
            c("gather_scatter_30d", ID, req=True),
            c("forwarded_share_24h", FLOAT, req=True),
            c("pass_through_delay_hours", FLOAT, req=True),
            c("relay_paths", ID, req=True),
            c("scatter_gather", ID, req=True),
            c("stack_depth", ID, req=True),
            c("cycle_count", ID, req=True),
            c("cycle_max_hops", ID, req=True),
            c("relay_cycle_count", ID, req=True),
            c("account_age_days", ID, req=True),
            c("degree_total", ID, req=True),
            c("degree_per_age_day", FLOAT, req=True),
            c("turnover_amount", FLOAT, req=True),
            c("turnover_to_income", FLOAT, req=True),
            c("shared_device_accounts", ID, req=True),
            c("shared_ip_accounts", ID, req=True),
            c("shared_phone_accounts", ID, req=True),
            c("nbr_count", ID, req=True),
            c("nbr_max_forwarded_share", FLOAT, req=True),
            c("nbr_max_in_distinct", ID, req=True),
            c("nbr_cycle_accounts", ID, req=True),
            c("nbr_shared_device_accounts", ID, req=True),
            c("ring_size", ID, req=True),
        ),
    ),
    Table(
        "network_rings",
        "Drop rings found by kuzet network rings: one row per member account, with its role.",
        key=("ring_id", "account_id"),
        written_by="kuzet network rings",
        rerun_when="for the same window",
        columns=(
            c("ring_id", STR, "R + the ring's smallest account id (stable within a run)", req=True),
            c("ring_size", ID, "member accounts", req=True),
            c("ring_score", FLOAT, "0-1, how strongly the ring's links point to a drop ring"),
            c("ring_reasons", STR, "the ring's links and flows in words", req=True),
            c("account_id", ID, req=True),
            c("holder_type", STR, enum=PARTY),
            c("holder_id", ID),
            c("role", STR, req=True, enum=("organiser", "mule", "cash_out", "linked")),
            c("role_reason", STR, "why this role: flow direction and timing", req=True),
            c("in_ring_in_kzt", MONEY, "received from other members"),
            c("in_ring_out_kzt", MONEY, "paid to other members"),
            c("first_ts", TS, "first payment between members that involves the account"),
        ),
    ),
    Table(
        "network_ring_edges",
        "The edges of each ring, ready to draw: money flows between members and shared devices.",
        key=("ring_id", "src_account_id", "dst_account_id", "kind"),
        written_by="kuzet network rings",
        rerun_when="for the same window",
        columns=(
            c("ring_id", STR, req=True),
            c("src_account_id", ID, req=True),
            c("dst_account_id", ID, req=True),
            c("kind", STR, req=True, enum=("money", "device", "ip", "phone")),
            c("payments", ID, "payments along the edge (0 for shared devices)"),
            c("amount_kzt", MONEY, "sum of those payments"),
            c("first_ts", TS),
            c("last_ts", TS),
            c("in_cycle", BOOL, "the edge lies on a forward-in-time cycle"),
        ),
    ),
    # ── screening (written by ``kuzet screen``; see ``kuzet.screening``) ────────────────────
    Table(
        "screening_hits",
        "Parties whose names match a sanctions, TF or PF list entry (kuzet screen): customers,"
        " counterparties named on payments and trade contracts, and firms owned 50 % or more by"
        " a listed party. The typology engine reads it (PF-01).",
        key=(),  # match results: a counterparty is known by name only, without an id
        written_by="kuzet screen parties",
        rerun_when="after each list update",
        columns=(
            c(
                "party_type",
                STR,
                "person, entity or counterparty",
                enum=("person", "entity", "counterparty"),
            ),
            c(
                "party_id",
                ID,
                "person_id or entity_id (null for a counterparty known by name only)",
            ),
            c("party_name", STR, "the name that matched"),
            c("role", STR, enum=("customer", "counterparty", "owned_by_listed")),
            c("list_id", STR),
            c("entry_id", STR),
            c("list_name", STR, "the entry's name that the party's name met"),
            c("score", FLOAT, "match strength in [0, 1]"),
            c("rules", STR, "word rules that matched, comma-joined"),
            c("explanation", STR, "JSON: which name met which, word by word, with each weight"),
            c("via_party_type", STR, "for owned_by_listed: the listed owner's type"),
            c("via_party_id", ID, "for owned_by_listed: the listed owner's id"),
        ),
    ),
    # ── learned risk (kuzet model score) ─────────────────────────────────────────────────
    Table(
        "account_scores",
        "Learned risk per account: one row per account and model, written by kuzet model score.",
        key=("model_id", "account_id"),
        written_by="kuzet model score",
        rerun_when="after each model update",
        time_column="scored_at",
        columns=(
            c("model_id", STR, "the model folder under _kuzet/models", req=True),
            c("account_id", ID, req=True),
            c("score", FLOAT, "risk in [0, 1] (the model's probability of laundering)", req=True),
            c("threshold", FLOAT, "the model's cut, F1-best on its validation part", req=True),
            c("flagged", BOOL, "score >= threshold", req=True),
            c("window_start", TS, "first instant of the transactions scored (null: all)"),
            c("window_end", TS, "instant after the last transaction scored (null: all)"),
            c("scored_at", TS, req=True),
            c("reasons", STR, "top contributing features in words, separated by '; '"),
            c("reasons_json", STR, "JSON list of feature, value, typical, contribution, text"),
        ),
    ),
    Table(
        "transaction_scores",
        "Learned risk per transfer between two accounts of the data, written by kuzet model"
        " score --transactions: the link model's judgement of the pair (both ends' lower"
        " score without one); only pairs scoring 0.05 or more.",
        key=("model_id", "txn_id"),
        written_by="kuzet model score",
        rerun_when="after each model update",
        time_column="ts",
        columns=(
            c("model_id", STR, "the model folder under _kuzet/models", req=True),
            c("txn_id", ID, req=True),
            c("ts", TS, req=True),
            c("src_account_id", ID, req=True),
            c("dst_account_id", ID, req=True),
            c("amount_kzt", MONEY, req=True),
            c("score", FLOAT, "risk in [0, 1] that the transfer is a laundering link", req=True),
            c("flagged", BOOL, "score >= 0.5", req=True),
            c("src_score", FLOAT, "the sender account's score", req=True),
            c("dst_score", FLOAT, "the receiver account's score", req=True),
            c("scored_at", TS, req=True),
            c("reasons", STR, "why, in words, separated by '; '", req=True),
        ),
    ),
    # ── ground truth ─────────────────────────────────────────────────────────────────────
    Table(
        "labels",
        "Ground truth of synthetic worlds: which objects belong to which planted scheme.",
        key=("scheme_id", "object_type", "object_id"),
        columns=(
            c("scheme_id", STR, req=True),
            c("family", STR, req=True, enum=FAMILIES),
            c("typology", STR, "the scheme's variant, e.g. fan_in, prepay_no_import", req=True),
            c("object_type", STR, req=True, enum=OBJECT_TYPES),
            c("object_id", ID, req=True),
            c("role", STR, "organiser, mule, cash_out, shell, payer…", req=True),
        ),
    ),
    Table(
        "decoys",
        "Synthetic worlds only: legitimate look-alikes planted to cost naive rules precision.",
        key=("decoy_id", "object_type", "object_id"),
        columns=(
            c("decoy_id", STR, req=True),
            c("kind", STR, "online_seller, payroll_firm, honest_importer…", req=True),
            c("family", STR, "the family it resembles", req=True, enum=FAMILIES),
            c("object_type", STR, req=True, enum=OBJECT_TYPES),
            c("object_id", ID, req=True),
        ),
    ),
)

TABLES: Mapping[str, Table] = {t.name: t for t in _TABLES}
"""Every canonical table by name."""


REFERENCE_TABLES: Mapping[str, Callable[[], pa.Table]] = {
    "units": lambda: default_units().as_table()
}
"""Tables every engine provides to packs from Kuzet's own reference data, not from the
workspace: the same rows in every run (``units``: units of quantity, their dimension and
size, ``kuzet/model/reference/units.yaml``). Read-only, like the canonical tables."""


def table(name: str) -> Table:
    """The declaration of a canonical table, or a clear error naming the known ones."""
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise KeyError(f"unknown table {name!r}; canonical tables are: {known}") from None
