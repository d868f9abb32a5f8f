"""Wallet addresses as value types (the ``kuzet.model.identifiers`` shape): Bitcoin
(Base58Check P2PKH/P2SH, bech32 v0 and bech32m v1+ per BIP-173/350), Ethereum (hex, EIP-55
mixed-case checksum) and TRON (Base58Check, version byte 0x41). ``validate`` returns ``None``
or the reason in words; ``normalize`` gives the form registries store (lower-case hex for
Ethereum, bech32 lower case) so lookups do not depend on how someone typed it.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32M_CONST = 0x2BC830A3

# ── Keccak-256 (Ethereum's pre-standard SHA-3; hashlib.sha3_256 pads differently) ──────
_RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]  # fmt: skip
_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
        [27, 20, 39, 8, 14]]  # fmt: skip
_M = (1 << 64) - 1


def _rol(x: int, n: int) -> int:
    return ((x << n) | (x >> (64 - n))) & _M if n else x


def _keccak_f(a: list[list[int]]) -> None:
    for rc in _RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                a[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _ROT[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y])
        a[0][0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Keccak-256 of ``data`` (rate 136 bytes, padding 0x01…0x80)."""
    rate = 136
    msg = bytearray(data) + b"\x01"
    msg += b"\x00" * (-len(msg) % rate)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off : off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _keccak_f(a)
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


# ── Base58Check and bech32 ─────────────────────────────────────────────────────────────


def b58decode_check(text: str) -> tuple[bytes | None, str | None]:
    """(payload, None) or (None, reason)."""
    num = 0
    for ch in text:
        i = _B58.find(ch)
        if i < 0:
            return None, f"character {ch!r} is not Base58"
        num = num * 58 + i
    raw = num.to_bytes((num.bit_length() + 7) // 8, "big") if num else b""
    raw = b"\x00" * (len(text) - len(text.lstrip("1"))) + raw
    if len(raw) < 5:
        return None, "too short for Base58Check"
    body, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] != check:
        return None, "Base58Check checksum does not match (mistyped?)"
    return body, None


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: list[int]) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    for v in data:
        acc = (acc << 5) | v
        bits += 5
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits >= 5 or (acc << (8 - bits)) & 0xFF:
        return None
    return out


def bech32_check(text: str, hrps: tuple[str, ...]) -> str | None:  # noqa: PLR0911 - one reason each
    """``None`` if ``text`` is a valid segwit address with one of ``hrps``, else why."""
    if text.lower() != text and text.upper() != text:
        return "bech32 mixes upper and lower case"
    s = text.lower()
    hrp, sep, rest = s.rpartition("1")
    if not sep or hrp not in hrps:
        return f"human-readable part must be one of {hrps}"
    if len(rest) < 7 or any(c not in _BECH32 for c in rest):
        return "data part has characters outside the bech32 alphabet or is too short"
    data = [_BECH32.index(c) for c in rest]
    const = _polymod(_hrp_expand(hrp) + data)
    version = data[0]
    if version > 16:
        return f"witness version {version} is over 16"
    want = 1 if version == 0 else _BECH32M_CONST
    if const != want:
        if const in (1, _BECH32M_CONST):
            enc = "bech32" if version == 0 else "bech32m"
            return f"witness version {version} must use {enc} checksum"
        return "bech32 checksum does not match (mistyped?)"
    prog = _convert_bits(data[1:-6])
    if prog is None or not 2 <= len(prog) <= 40:
        return "witness program has an invalid length or padding"
    if version == 0 and len(prog) not in (20, 32):
        return f"version 0 program is {len(prog)} bytes, expected 20 or 32"
    return None


class Address:
    """Base of the per-chain address types."""

    chain: ClassVar[str]

    @classmethod
    def normalize(cls, value: str) -> str:
        return value.strip()

    @classmethod
    def validate(cls, value: str) -> str | None:
        raise NotImplementedError

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return cls.validate(value) is None


class BitcoinAddress(Address):
    chain = "bitcoin"

    @classmethod
    def normalize(cls, value: str) -> str:
        v = value.strip()
        return v.lower() if v.lower().startswith(("bc1", "tb1")) else v

    @classmethod
    def validate(cls, value: str) -> str | None:
        v = value.strip()
        if v.lower().startswith(("bc1", "tb1")):
            return bech32_check(v, ("bc", "tb"))
        body, reason = b58decode_check(v)
        if body is None:
            return reason
        if len(body) != 21:
            return f"payload is {len(body)} bytes, expected 21"
        if body[0] not in (0x00, 0x05, 0x6F, 0xC4):
            return f"version byte 0x{body[0]:02x} is not P2PKH/P2SH (main or test net)"
        return None


class EthereumAddress(Address):
    chain = "ethereum"

    @classmethod
    def normalize(cls, value: str) -> str:
        return value.strip().lower()

    @classmethod
    def checksum(cls, value: str) -> str:
        """The EIP-55 mixed-case form of a valid address."""
        hexpart = value.strip().lower().removeprefix("0x")
        digest = keccak256(hexpart.encode()).hex()
        return "0x" + "".join(
            c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c
            for i, c in enumerate(hexpart)
        )

    @classmethod
    def validate(cls, value: str) -> str | None:
        v = value.strip()
        if not v.startswith("0x"):
            return "must start with 0x"
        hexpart = v[2:]
        if len(hexpart) != 40:
            return f"must have 40 hex digits after 0x, has {len(hexpart)}"
        if any(c not in "0123456789abcdefABCDEF" for c in hexpart):
            return "has characters that are not hexadecimal"
        if hexpart.lower() == hexpart or hexpart.upper() == hexpart:
            return None  # no checksum carried
        if cls.checksum(v) != v:
            return "EIP-55 checksum (letter case) does not match (mistyped?)"
        return None


class TronAddress(Address):
    chain = "tron"

    @classmethod
    def validate(cls, value: str) -> str | None:
        v = value.strip()
        if not v.startswith("T"):
            return "TRON addresses start with T"
        body, reason = b58decode_check(v)
        if body is None:
            return reason
        if len(body) != 21 or body[0] != 0x41:
            return "payload must be 21 bytes starting with 0x41"
        return None


CHAINS: dict[str, type[Address]] = {
    "bitcoin": BitcoinAddress,
    "ethereum": EthereumAddress,
    "tron": TronAddress,
}


def guess_chain(value: str) -> str | None:
    """The chain an address's shape suggests (``None`` if none)."""
    v = value.strip()
    if v.startswith("0x"):
        return "ethereum"
    if v.startswith("T"):
        return "tron"
    if v.lower().startswith(("bc1", "tb1")) or v[:1] in "123mn":
        return "bitcoin"
    return None


def check(value: str, chain: str | None = None) -> tuple[str | None, str | None]:
    """(chain, None) when valid, else (chain or None, reason)."""
    chain = chain or guess_chain(value)
    if chain is None:
        return None, "no known chain has addresses of this shape"
    if chain not in CHAINS:
        return chain, f"unknown chain {chain!r}; known: {sorted(CHAINS)}"
    return chain, CHAINS[chain].validate(value)
