"""Ed25519 signatures: a pack runs only as its trusted signer wrote it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tiny_world import EXAMPLE_PACK

from kuzet.typologies import (
    SignatureError,
    TrustStore,
    generate_keypair,
    load_pack,
    sign_pack,
    signature_path,
    verify_pack,
)


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Path]:
    """A signed copy of the example pack and the folder holding its key pair."""
    keys = tmp_path / "keys"
    key, _ = generate_keypair(keys)
    pack = tmp_path / "pack.yaml"
    shutil.copy(EXAMPLE_PACK, pack)
    sign_pack(pack, key)
    return pack, keys


def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path: Path) -> None:
    key, pub = generate_keypair(tmp_path)
    assert key.stem == pub.stem and len(key.stem) == 16
    assert key.stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE KEY" in key.read_bytes() and b"PUBLIC KEY" in pub.read_bytes()


def test_signature_file_holds_key_digest_and_signature(signed: tuple[Path, Path]) -> None:
    pack, keys = signed
    doc = json.loads(signature_path(pack).read_text())
    assert doc["key_id"] == next(keys.glob("*.pub")).stem
    assert len(doc["sha256"]) == 64 and doc["signature"]


def test_a_signed_pack_verifies_and_loads(signed: tuple[Path, Path]) -> None:
    pack, keys = signed
    verified = verify_pack(pack, TrustStore.from_dir(keys))
    loaded = load_pack(pack, trusted_keys=keys)
    assert loaded.signed_by == verified.key_id
    assert loaded.digest == verified.sha256


def test_a_tampered_pack_is_refused(signed: tuple[Path, Path]) -> None:
    pack, keys = signed
    pack.write_text(pack.read_text().replace("default: 4,", "default: 40,"))
    with pytest.raises(SignatureError, match="tampered"):
        load_pack(pack, trusted_keys=keys)


def test_a_forged_signature_is_refused(signed: tuple[Path, Path]) -> None:
    pack, keys = signed
    sig = signature_path(pack)
    doc = json.loads(sig.read_text())
    doc["signature"] = doc["signature"][:-8] + "AAAAAAA="
    sig.write_text(json.dumps(doc))
    with pytest.raises(SignatureError, match="bad signature"):
        load_pack(pack, trusted_keys=keys)


def test_an_unsigned_pack_is_refused_unless_allowed(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    shutil.copy(EXAMPLE_PACK, pack)
    with pytest.raises(SignatureError, match="unsigned") as info:
        load_pack(pack, trusted_keys=tmp_path)
    assert str(info.value).startswith(str(pack))
    assert load_pack(pack, allow_unsigned=True).signed_by is None


def test_a_key_outside_the_trust_store_is_refused(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    pack, _ = signed
    other = tmp_path / "other"
    generate_keypair(other)
    with pytest.raises(SignatureError, match="not trusted"):
        load_pack(pack, trusted_keys=other)


def test_renaming_a_key_file_does_not_change_whom_it_trusts(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    pack, keys = signed
    store = tmp_path / "store"
    store.mkdir()
    shutil.copy(next(keys.glob("*.pub")), store / "fma.pub")
    assert load_pack(pack, trusted_keys=store).signed_by == next(keys.glob("*.pub")).stem
