"""Ed25519 signatures on pack files: the FMA signs, a bank verifies before it runs anything.

A signature is detached, in ``PACK.sig`` beside the pack: JSON holding the key id, the
sha256 of the pack's bytes and the Ed25519 signature of those bytes. A bank keeps the FMA's
public keys in a trust store (a folder of ``*.pub`` PEM files); the key id is derived from
the key itself, so renaming a file cannot make an untrusted key trusted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kuzet.typologies._model import PackError

SIGNATURE_FORMAT = "kuzet-pack-signature/1"
TRUSTED_KEYS_ENV = "KUZET_TRUSTED_KEYS"


class SignatureError(PackError):
    """A pack is unsigned, signed by an untrusted key, or changed since it was signed."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(path, "signature", problem)


def signature_path(pack_path: str | Path) -> Path:
    p = Path(pack_path)
    return p.with_name(p.name + ".sig")


def key_id(public_key: Ed25519PublicKey) -> str:
    """16 hex digits of the sha256 of the raw public key: short, stable, derived."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate_keypair(out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``<key id>.key`` (private, mode 0600) and ``<key id>.pub`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    kid = key_id(private.public_key())
    key_path, pub_path = out / f"{kid}.key", out / f"{kid}.pub"
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    _write_atomic(key_path, private_pem, 0o600)
    _write_atomic(pub_path, public_pem)
    return key_path, pub_path


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as e:
        raise ValueError(f"{path}: not a readable private key ({e})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: not a readable public key ({e})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path}: not an Ed25519 public key")
    return key


def sign_pack(pack_path: str | Path, private_key_path: str | Path) -> Path:
    """Sign the pack's bytes; write and return ``PACK.sig``."""
    data = Path(pack_path).read_bytes()
    key = load_private_key(private_key_path)
    document = {
        "format": SIGNATURE_FORMAT,
        "algorithm": "ed25519",
        "key_id": key_id(key.public_key()),
        "file": Path(pack_path).name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "signature": base64.b64encode(key.sign(data)).decode("ascii"),
    }
    out = signature_path(pack_path)
    _write_atomic(out, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
    return out


@dataclass(frozen=True, slots=True)
class TrustStore:
    """Public keys a bank trusts to sign packs, by key id."""

    keys: dict[str, Ed25519PublicKey]
    source: str = ""

    @classmethod
    def from_dir(cls, directory: str | Path) -> TrustStore:
        d = Path(directory)
        keys = {}
        if d.is_dir():
            for p in sorted(d.glob("*.pub")):
                key = load_public_key(p)
                keys[key_id(key)] = key
        return cls(keys, str(d))


def default_trust_dir(workspace_root: str | Path | None) -> Path | None:
    """``KUZET_TRUSTED_KEYS`` if set, else ``<workspace>/_kuzet/trusted_keys``."""
    env = os.environ.get(TRUSTED_KEYS_ENV)
    if env:
        return Path(env)
    return Path(workspace_root) / "_kuzet" / "trusted_keys" if workspace_root else None


@dataclass(frozen=True, slots=True)
class Verified:
    key_id: str
    sha256: str


def verify_bytes(pack_path: str | Path, data: bytes, trust: TrustStore) -> Verified:
    """Check ``data`` (the pack's bytes, read once by the caller) against ``PACK.sig``."""
    sig_path = signature_path(pack_path)
    if not sig_path.is_file():
        raise SignatureError(pack_path, f"unsigned: no {sig_path.name} beside the pack")
    try:
        doc = json.loads(sig_path.read_text("utf-8"))
        kid, digest = str(doc["key_id"]), str(doc["sha256"])
        signature = base64.b64decode(doc["signature"], validate=True)
    except (ValueError, KeyError, TypeError) as e:
        raise SignatureError(pack_path, f"{sig_path.name} is not a signature file ({e})") from None
    if doc.get("format") != SIGNATURE_FORMAT or doc.get("algorithm") != "ed25519":
        raise SignatureError(pack_path, f"{sig_path.name}: unknown format or algorithm")
    actual = hashlib.sha256(data).hexdigest()
    if actual != digest:
        raise SignatureError(
            pack_path, f"tampered: sha256 is {actual[:16]}…, the signature covers {digest[:16]}…"
        )
    key = trust.keys.get(kid)
    if key is None:
        where = f" in {trust.source}" if trust.source else ""
        raise SignatureError(pack_path, f"signed by key {kid}, which is not trusted{where}")
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise SignatureError(pack_path, f"bad signature for key {kid}") from None
    return Verified(kid, actual)


def verify_pack(pack_path: str | Path, trust: TrustStore) -> Verified:
    """Check a pack file against its detached signature and the trust store."""
    return verify_bytes(pack_path, Path(pack_path).read_bytes(), trust)
