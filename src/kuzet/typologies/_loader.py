"""Loading a pack for use: read once, verify the signature, parse, validate the SQL.

The bytes are read once and the same bytes are verified and parsed, so a file swapped
between the check and the parse cannot slip through.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kuzet.typologies._model import Pack, PackError
from kuzet.typologies._parse import parse_pack
from kuzet.typologies._signing import TrustStore, verify_bytes
from kuzet.typologies._validate import validate_pack

BUILTIN_PACKS = Path(__file__).parent / "packs"
"""Where the FMA packs shipped with Kuzet live (``packs/*.yaml``, each with its ``.sig``)."""


def builtin_packs() -> list[Path]:
    return sorted(BUILTIN_PACKS.glob("*.yaml")) if BUILTIN_PACKS.is_dir() else []


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise PackError(path, "", f"cannot read the pack: {e.strerror or e}") from None


def _parse(path: Path, data: bytes) -> Pack:
    pack = parse_pack(data, path)
    validate_pack(pack)
    return pack


def read_pack(path: str | Path) -> Pack:
    """Parse and validate a pack without checking its signature (for validate and show)."""
    return _parse(Path(path), _read(Path(path)))


def load_pack(
    path: str | Path,
    *,
    trusted_keys: TrustStore | str | Path | None = None,
    allow_unsigned: bool = False,
) -> Pack:
    """A pack ready to run: signed by a trusted key (unless ``allow_unsigned``) and valid.

    The signature is checked first, so nothing of an untrusted file is acted upon. Raises
    ``SignatureError`` for an unsigned, untrusted or tampered pack and ``PackError`` for a
    malformed one, each with one message naming the file.
    """
    p = Path(path)
    data = _read(p)
    if allow_unsigned:
        return _parse(p, data)
    if trusted_keys is None:
        raise PackError(p, "signature", "no trust store given to verify the pack against")
    if not isinstance(trusted_keys, TrustStore):
        trusted_keys = TrustStore.from_dir(trusted_keys)
    verified = verify_bytes(p, data, trusted_keys)
    return dataclasses.replace(_parse(p, data), signed_by=verified.key_id)
