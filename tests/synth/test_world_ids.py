"""The vectorised identifiers of the generator agree with the scalar validators."""

from __future__ import annotations

import numpy as np

from kuzet.model.identifiers import BIN, IBAN, IIN
from kuzet.synth import vec, wallets


def test_iins_are_valid_unique_and_encode_birth_and_sex() -> None:
    rng = np.random.default_rng(1)
    birth = rng.integers(-25_000, 15_000, 50_000)
    female = rng.random(50_000) < 0.5
    values = vec.id12_strings(vec.iins(birth, female)).to_pylist()
    assert len(set(values)) == len(values)
    for v, b, f in zip(values[:5000], birth[:5000].tolist(), female[:5000].tolist(), strict=True):
        assert IIN.is_valid(v)
        assert IIN.birth_date(v) == vec.to_date(b)
        assert (IIN.describe(v)["sex"] == "F") == f


def test_bins_and_ibans() -> None:
    rng = np.random.default_rng(2)
    reg = rng.integers(9000, 20_000, 20_000)
    bins = vec.id12_strings(
        vec.bins(reg, rng.choice([4, 5, 6], 20_000), rng.integers(0, 4, 20_000))
    )
    assert len(set(bins.to_pylist())) == 20_000
    assert all(BIN.is_valid(b) for b in bins.to_pylist())
    letters = np.array(list("ACDLRSE"))[rng.integers(0, 7, 20_000)]
    ibans = vec.ibans(
        rng.integers(100, 1000, 20_000), rng.integers(0, 1000, 20_000), letters, np.arange(20_000)
    )
    assert all(IBAN.is_valid(i) and len(i) == 20 for i in ibans.to_pylist())
    foreign = vec.foreign_accounts(rng, ["DE", "TR", "CN", "AE"])
    assert IBAN.is_valid(foreign[0]) and IBAN.is_valid(foreign[1]) and foreign[2].isdigit()


def test_phones_are_distinct() -> None:
    p = vec.phones(np.random.default_rng(3), np.arange(100_000)).to_pylist()
    assert len(set(p)) == len(p) and all(x.startswith("+77") and len(x) == 12 for x in p)


def test_wallet_addresses_have_the_chain_formats() -> None:
    assert wallets.tron("a").startswith("T") and len(wallets.tron("a")) == 34
    assert wallets.bitcoin("a").startswith("bc1q") and len(wallets.bitcoin("a")) == 42
    assert len(wallets.ethereum("a")) == 42
    assert wallets.tron("a") != wallets.tron("b")
