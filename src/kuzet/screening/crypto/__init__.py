"""Crypto address validation and the high-risk wallet and platform registries."""

from kuzet.screening.crypto.addresses import (
    CHAINS,
    Address,
    BitcoinAddress,
    EthereumAddress,
    TronAddress,
    check,
    guess_chain,
    keccak256,
)
from kuzet.screening.crypto.registry import (
    CATEGORIES,
    PlatformEntry,
    Registry,
    WalletEntry,
    export,
)

__all__ = [
    "CATEGORIES",
    "CHAINS",
    "Address",
    "BitcoinAddress",
    "EthereumAddress",
    "PlatformEntry",
    "Registry",
    "TronAddress",
    "WalletEntry",
    "check",
    "export",
    "guess_chain",
    "keccak256",
]
