"""Canonical data model: table schemas, identifiers, money and the business calendar."""

from kuzet.model._refdata import ReferenceDataError
from kuzet.model.calendar import BusinessCalendar
from kuzet.model.identifiers import (
    BIC,
    BIN,
    IBAN,
    IDENTIFIERS,
    IIN,
    HSCode,
    Identifier,
    kz_check_digit,
)
from kuzet.model.money import MONEY, FxRates, MciTable, Threshold, Thresholds, mci, to_money
from kuzet.model.schemas import FAMILIES, PARTY_TYPES, TABLES, Column, Table, table

__all__ = [
    "BIC",
    "BIN",
    "FAMILIES",
    "IBAN",
    "IDENTIFIERS",
    "IIN",
    "MONEY",
    "PARTY_TYPES",
    "TABLES",
    "BusinessCalendar",
    "Column",
    "FxRates",
    "HSCode",
    "Identifier",
    "MciTable",
    "ReferenceDataError",
    "Table",
    "Threshold",
    "Thresholds",
    "kz_check_digit",
    "mci",
    "table",
    "to_money",
]
