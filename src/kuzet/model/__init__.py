"""Canonical data model: table schemas, identifiers, money and the business calendar."""

from kuzet.model.identifiers import BIC, BIN, IBAN, IDENTIFIERS, IIN, Identifier, kz_check_digit
from kuzet.model.schemas import FAMILIES, PARTY_TYPES, TABLES, Column, Table, table

__all__ = [
    "BIC",
    "BIN",
    "FAMILIES",
    "IBAN",
    "IDENTIFIERS",
    "IIN",
    "PARTY_TYPES",
    "TABLES",
    "Column",
    "Identifier",
    "Table",
    "kz_check_digit",
    "table",
]
