"""Synthetic crypto addresses with valid checksums: Tron (Base58Check), Bitcoin (bech32 P2WPKH)
and Ethereum (hex). Payloads come from a hash of a label, so an address is reproducible and
belongs to nobody: nothing here derives from a real key.
"""

from __future__ import annotations

import hashlib

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _payload(label: str, size: int = 20) -> bytes:
    return hashlib.sha256(f"kuzet-synthetic:{label}".encode()).digest()[:size]


def _b58check(data: bytes) -> str:
    full = data + hashlib.sha256(hashlib.sha256(data).digest()).digest()[:4]
    num = int.from_bytes(full, "big")
    out = ""
    while num:
        num, rem = divmod(num, 58)
        out = _B58[rem] + out
    pad = len(full) - len(full.lstrip(b"\0"))
    return "1" * pad + out


def tron(label: str) -> str:
    return _b58check(b"\x41" + _payload(label))


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bitcoin(label: str) -> str:
    """A bech32 P2WPKH address (witness version 0, 20-byte program)."""
    prog = _payload(label)
    bits, acc, data = 0, 0, [0]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "bc"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod([*expanded, *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def ethereum(label: str) -> str:
    return "0x" + _payload(label).hex()


def address(chain: str, label: str) -> str:
    return {"tron": tron, "bitcoin": bitcoin, "ethereum": ethereum}[chain](label)


def tx_hash(label: str) -> str:
    return hashlib.sha256(f"kuzet-tx:{label}".encode()).hexdigest()
