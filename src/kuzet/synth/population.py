"""Persons, households and kinship: who lives where, earns what, and is related to whom.

Persons are bank customers aged 16 and over, grouped in households that share an address and
a surname stem (spouses sometimes keep their own). Ages, occupations and incomes follow the
household structure; regions and ethnic mix follow regional population (``reference``).
Kinship (spouse, parent, child) becomes ``relations`` rows and, with a circle of friends,
decides who sends money to whom in ordinary life.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.money import to_money
from kuzet.model.schemas import TABLES
from kuzet.synth import names, vec
from kuzet.synth import reference as ref
from kuzet.synth.vec import F64, I32, I64, Arr, B

FRIENDS = 6
"""Friends per person: the usual counterparties of P2P transfers outside the family."""
_HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
_HOUSEHOLD_WEIGHTS = (0.22, 0.28, 0.22, 0.16, 0.08, 0.04)
_FOREIGN_SHARE = 0.025
ORIGIN_OF_CITIZENSHIP = {"RU": 1, "UZ": 2, "KG": 2, "TJ": 2, "CN": 3, "TR": 4, "DE": 5, "KR": 6}


@dataclass
class Population:
    """Arrays describing the ordinary persons; index ``i`` is ``person_id = i + 1``."""

    n: int
    birth: I64
    """Birth date as ``date32`` day number."""
    age: I64
    """Age in whole years at the start of the world."""
    female: B
    region: I64
    household: I64
    address_id: I64
    origin: I64
    citizenship: Arr
    """Per person ISO-2 code (mostly ``KZ``)."""
    resident: B
    occupation: I64
    income: F64
    """Declared monthly income, KZT."""
    pep: B
    iin: I64
    names: names.NameArrays
    friends: I32
    """(n, FRIENDS) person indices."""
    rel_ptr: I64
    rel_idx: I32
    """Relatives of person i: ``rel_idx[rel_ptr[i]:rel_ptr[i+1]]`` (CSR)."""
    persons: pa.Table
    addresses: pa.Table
    kin_src: I64
    kin_dst: I64
    kin_detail: I64
    """Kinship pairs: person indices and detail code (0 spouse, 1 parent)."""

    @property
    def adult(self) -> B:
        return np.asarray(self.age >= 18)


def _households(rng: np.random.Generator, n: int) -> tuple[I64, I64, I64]:
    """Household of each person, the person's position in it and the household's size."""
    mean = float(np.dot(_HOUSEHOLD_SIZES, _HOUSEHOLD_WEIGHTS))
    sizes = rng.choice(_HOUSEHOLD_SIZES, size=int(n / mean * 1.2) + 10, p=_HOUSEHOLD_WEIGHTS)
    ends = np.cumsum(sizes)
    h = int(np.searchsorted(ends, n)) + 1
    sizes = sizes[:h].copy()
    sizes[-1] -= int(ends[h - 1] - n)
    household = np.repeat(np.arange(h), sizes)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    position = np.arange(n) - starts[household]
    return household, position, sizes[household]


def _ages(rng: np.random.Generator, position: I64, size: I64, couple: B) -> I64:
    n = len(position)
    single_age = np.where(rng.random(n) < 0.55, rng.integers(19, 36, n), rng.integers(36, 86, n))
    pair_age = np.where(size >= 3, rng.integers(40, 76, n), rng.integers(22, 81, n))
    head = np.where(size == 1, single_age, pair_age)
    # spread the head's age to the household: position 0 is the head
    hh_start = np.flatnonzero(position == 0)
    hh_len = np.diff(np.r_[hh_start, n])
    head_of = np.repeat(head[hh_start], hh_len)
    spouse = np.clip(head_of - np.round(rng.normal(2, 3, n)).astype(np.int64), 18, 90)
    child = np.clip(head_of - rng.integers(20, 37, n), 16, 60)
    return np.where(position == 0, head_of, np.where((position == 1) & couple, spouse, child))


def _occupations(rng: np.random.Generator, age: I64, female: B, region: I64) -> I64:
    n = len(age)
    idx = ref.OCCUPATION_INDEX
    working = np.array([idx[o] for o in ref.WORKING_OCCUPATIONS])
    w = np.array(ref.WORKING_WEIGHTS, dtype=np.float64)
    occ = working[rng.choice(len(working), size=n, p=w / w.sum())]
    r = rng.random(n)
    other = np.select(
        [r < 0.07, r < 0.13, r < 0.17, r < 0.22, (r < 0.28) & female],
        [
            idx["entrepreneur"],
            idx["self_employed"],
            idx["farmer"],
            idx["unemployed"],
            idx["homemaker"],
        ],
        default=-1,
    )
    occ = np.where(other >= 0, other, occ)
    student = (age < 23) & (rng.random(n) < np.where(age < 19, 0.92, 0.6))
    occ = np.where(student, idx["student"], occ)
    pension_age = np.where(female, 61, 63)
    retired = (age >= pension_age) & (rng.random(n) < 0.9)
    occ = np.where(retired, idx["pensioner"], occ)
    return occ.astype(np.int64)


def _incomes(rng: np.random.Generator, occupation: I64, region: I64) -> F64:
    median = np.array([o.median_kzt for o in ref.OCCUPATIONS])[occupation]
    sigma = np.array([o.sigma for o in ref.OCCUPATIONS])[occupation]
    wage = np.array([r.wage_index for r in ref.REGIONS])[region]
    income = median * wage * np.exp(rng.normal(0.0, 1.0, len(occupation)) * sigma)
    out: F64 = np.round(income / 1000.0) * 1000.0
    return out


def _friends(rng: np.random.Generator, region: I64, age: I64) -> I32:
    """Friends: persons of the same region and similar age, found near each other in an
    ordering by (region, age)."""
    n = len(region)
    key = (region * 128 + np.clip(age, 0, 127)) * (1 << 32) + rng.integers(0, 1 << 32, n)
    order = np.argsort(key)
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    offsets = rng.integers(1, 400, (n, FRIENDS)) * rng.choice([-1, 1], (n, FRIENDS))
    target = np.clip(pos[:, None] + offsets, 0, n - 1)
    out = order[target]
    out = np.where(out == np.arange(n)[:, None], order[np.clip(pos[:, None] + 1, 0, n - 1)], out)
    return out.astype(np.int32)


def _csr(n: int, src: I64, dst: I64) -> tuple[I64, I32]:
    a = np.r_[src, dst]
    b = np.r_[dst, src]
    order = np.argsort(a, kind="stable")
    counts = np.bincount(a, minlength=n)
    return np.r_[0, np.cumsum(counts)].astype(np.int64), b[order].astype(np.int32)


@dataclass
class _Households:
    """Household structure: each person's household, position (0 head, 1 spouse…), size."""

    household: I64
    position: I64
    size: I64
    couple: B
    head_male: B
    region: I64
    """Per household."""
    origin: I64
    """Per household: index into ``names.ORIGINS``."""
    citizenship: I64
    """Per household: index into the foreign citizenships, -1 for Kazakhstan."""

    @property
    def n_households(self) -> int:
        return len(self.region)


def _draw_households(rng: np.random.Generator, n: int) -> _Households:
    household, position, size = _households(rng, n)
    h = int(household[-1]) + 1
    per_hh = np.bincount(household, minlength=h)
    region = rng.choice(len(ref.REGIONS), size=h, p=_norm([r.population for r in ref.REGIONS]))
    # the origin of a household's names follows its region; a few households are foreigners
    kaz_share = np.array([r.kazakh_share for r in ref.REGIONS])[region]
    south = np.array([r.name in ref.SOUTH_REGIONS for r in ref.REGIONS])[region]
    central = rng.random(h) < np.where(south, 0.45, 0.12)
    origin = np.where(rng.random(h) < kaz_share, 0, np.where(central, 2, 1))
    foreign = (rng.random(h) < _FOREIGN_SHARE) & (per_hh <= 3)
    codes, probs = ref.weights(ref.COUNTRIES_FOREIGN_CITIZENS)
    cit = np.where(foreign, rng.choice(len(codes), size=h, p=probs), -1)
    origin = np.where(foreign, np.array([ORIGIN_OF_CITIZENSHIP[c] for c in codes])[cit], origin)
    couple = (size >= 2) & np.repeat(rng.random(h) < 0.8, per_hh)
    head_male = np.repeat(rng.random(h) < 0.75, per_hh)
    return _Households(household, position, size, couple, head_male, region, origin, cit)


def _family_names(
    rng: np.random.Generator, hh: _Households, female: B, birth: I64
) -> names.NameArrays:
    """Names: a household shares a surname stem (spouses sometimes keep their own) and the
    children's patronymic comes from the household's father."""
    household, position, couple = hh.household, hh.position, hh.couple
    n = len(household)
    origin = hh.origin[household].astype(np.int8)
    birth_year = vec.ymd(birth)[0].astype(np.int32)
    hh_stem = np.zeros(hh.n_households, dtype=np.int64)
    for code, oname in enumerate(names.ORIGINS):
        m = hh.origin == code
        hh_stem[m] = rng.integers(0, names.pool_sizes(oname)[2], int(m.sum()))
    own_stem = (position == 1) & couple & (rng.random(n) < np.where(origin == 0, 0.35, 0.12))
    maiden = np.zeros(n, dtype=np.int64)
    for code, oname in enumerate(names.ORIGINS):
        m = origin == code
        maiden[m] = rng.integers(0, names.pool_sizes(oname)[2], int(m.sum()))
    surname = np.where(own_stem, maiden, hh_stem[household]).astype(np.int32)
    na = names.draw_names(rng, origin, female, birth_year, surname)
    head = np.flatnonzero(position == 0)[household]
    father = np.where(hh.head_male | ~couple, head, head + 1)
    is_child = position >= np.where(couple, 2, 1)
    father_ok = is_child & ~female[father] & (na.father >= 0)
    return replace(na, father=np.where(father_ok, na.given[father], na.father).astype(np.int32))


def _kinship(rng: np.random.Generator, hh: _Households, age: I64) -> tuple[I64, I64, I64]:
    """Spouses, parent → child inside households, and parents heading another household."""
    position, couple = hh.position, hh.couple
    head = np.flatnonzero(position == 0)[hh.household]
    spouse = np.flatnonzero((position == 1) & couple)
    child = np.flatnonzero(position >= np.where(couple, 2, 1))
    of_spouse = child[couple[child]]
    src, dst = _parents_elsewhere(rng, position, age, hh.region[hh.household])
    ks = np.concatenate([spouse - 1, head[child], head[of_spouse] + 1, src])
    kd = np.concatenate([spouse, child, of_spouse, dst])
    detail = np.r_[np.zeros(len(spouse), np.int64), np.ones(len(ks) - len(spouse), np.int64)]
    return ks.astype(np.int64), kd.astype(np.int64), detail


def build_population(
    rng: np.random.Generator, n: int, start_day: int, first_address_id: int = 1
) -> Population:
    """Draw ``n`` persons in households, with names, IINs, incomes and kinship."""
    hh = _draw_households(rng, n)
    household, position = hh.household, hh.position
    region = hh.region[household]
    cit_idx = hh.citizenship[household]
    codes, _ = ref.weights(ref.COUNTRIES_FOREIGN_CITIZENS)
    citizenship = vec.take(("KZ", *codes), cit_idx + 1)
    resident = (cit_idx < 0) | (rng.random(n) < 0.6)
    age = _ages(rng, position, hh.size, hh.couple)
    female = np.where(
        position == 0,
        np.where(hh.size == 1, rng.random(n) < 0.5, ~hh.head_male),
        np.where((position == 1) & hh.couple, hh.head_male, rng.random(n) < 0.5),
    )
    birth = start_day - age * 365 - rng.integers(1, 365, n) - age // 4
    occupation = _occupations(rng, age, female, region)
    income = _incomes(rng, occupation, region)
    pep = np.zeros(n, dtype=np.bool_)
    cand = np.flatnonzero((age >= 35) & (age <= 70) & (cit_idx < 0))
    n_pep = max(3, n // 2500) if n >= 500 else 1
    pep[rng.choice(cand, size=min(n_pep, len(cand)), replace=False)] = True
    occupation = np.where(pep, ref.OCCUPATION_INDEX[ref.PEP_OCCUPATION], occupation)
    income = np.where(pep, np.round(income * 2.2 / 1000) * 1000, income)
    na = _family_names(rng, hh, female, birth)
    iin = vec.iins(birth, female)
    address_id = first_address_id + household
    since = start_day - rng.integers(30, 15 * 365, n)
    since = np.minimum(np.maximum(since, birth + 16 * 365), start_day - 1)
    persons = pa.table(
        {
            "person_id": vec.id_array(np.arange(1, n + 1)),
            "iin": vec.id12_strings(iin),
            **names.render_columns(na),
            "birth_date": vec.date_array(birth),
            "sex": vec.take(("M", "F"), female.astype(np.int64)),
            "citizenship": citizenship,
            "resident": pa.array(resident),
            "region": vec.take(ref.REGION_NAMES, region),
            "address_id": vec.id_array(address_id),
            "phone": vec.phones(rng, np.arange(n)),
            "occupation": vec.take([o.name for o in ref.OCCUPATIONS], occupation),
            "declared_income_kzt": to_money(income),
            "pep": pa.array(pep),
            "customer_since": vec.date_array(since),
        }
    ).cast(TABLES["persons"].schema)
    ks, kd, kdet = _kinship(rng, hh, age)
    rel_ptr, rel_idx = _csr(n, ks, kd)
    return Population(
        n=n,
        birth=birth.astype(np.int64),
        age=age.astype(np.int64),
        female=female.astype(np.bool_),
        region=region.astype(np.int64),
        household=household.astype(np.int64),
        address_id=address_id.astype(np.int64),
        origin=hh.origin[household].astype(np.int64),
        citizenship=citizenship,
        resident=resident.astype(np.bool_),
        occupation=occupation,
        income=income,
        pep=pep,
        iin=iin,
        names=na,
        friends=_friends(rng, region, age),
        rel_ptr=rel_ptr,
        rel_idx=rel_idx,
        persons=persons,
        addresses=household_addresses(rng, hh.region, first_address_id),
        kin_src=ks,
        kin_dst=kd,
        kin_detail=kdet,
    )


def _parents_elsewhere(
    rng: np.random.Generator, position: I64, age: I64, region: I64
) -> tuple[I64, I64]:
    """Heads aged 25–50 often have a parent heading another household of the same region."""
    heads = np.flatnonzero(position == 0)
    elders = heads[age[heads] >= 55]
    if len(elders) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    young = heads[(age[heads] >= 25) & (age[heads] <= 50)]
    young = young[rng.random(len(young)) < 0.5]
    elders = elders[np.argsort(region[elders], kind="stable")]
    er = region[elders]
    lo = np.searchsorted(er, region[young], side="left")
    hi = np.searchsorted(er, region[young], side="right")
    has = hi > lo
    young, lo, hi = young[has], lo[has], hi[has]
    parent = elders[lo + (rng.random(len(young)) * (hi - lo)).astype(np.int64)]
    ok = age[parent] >= age[young] + 18
    return parent[ok].astype(np.int64), young[ok].astype(np.int64)


def household_addresses(rng: np.random.Generator, region: I64, first_id: int) -> pa.Table:
    """One address per household: КАТО, city and a street line with building and flat."""
    h = len(region)
    kato_prefix = vec.take([r.kato for r in ref.REGIONS], region)
    kato = vec.concat(kato_prefix, vec.lpad(rng.integers(1000, 9999, h), 4), "000")
    street = vec.take(ref.STREETS, rng.integers(0, len(ref.STREETS), h))
    building = vec.lpad(rng.integers(1, 180, h), 1)
    flat = vec.lpad(rng.integers(1, 200, h), 1)
    private_house = rng.random(h) < 0.3
    line = vec.concat(street, ", д. ", building)
    line_flat = vec.concat(line, ", кв. ", flat)
    line = pc.if_else(pa.array(private_house), line, line_flat)
    return pa.table(
        {
            "address_id": vec.id_array(np.arange(first_id, first_id + h)),
            "kato": kato,
            "country": pa.array(["KZ"] * h, pa.string()),
            "region": vec.take(ref.REGION_NAMES, region),
            "city": vec.take([r.city for r in ref.REGIONS], region),
            "line": line.cast(pa.string()),
        }
    ).cast(TABLES["addresses"].schema)


def _norm(w: list[float]) -> F64:
    a = np.asarray(w, dtype=np.float64)
    out: F64 = a / a.sum()
    return out
