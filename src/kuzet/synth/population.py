"""Persons, households and kinship: who lives where, earns what, and is related to whom.

Persons are bank customers aged 16 and over, grouped in households that share an address and
a surname stem (spouses sometimes keep their own). Ages, occupations and incomes follow the
household structure; regions and ethnic mix follow regional population (``reference``).
Kinship (spouse, parent, child) becomes ``relations`` rows and, with a circle of friends,
decides who sends money to whom in ordinary life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.schemas import TABLES
from kuzet.synth import names, vec
from kuzet.synth import reference as ref
from kuzet.synth.vec import B, F64, I32, I64

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
    citizenship: pa.Array
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
        [idx["entrepreneur"], idx["self_employed"], idx["farmer"], idx["unemployed"],
         idx["homemaker"]],
        default=-1,
    )  # fmt: skip
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
    return np.round(income / 1000.0) * 1000.0


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


def build_population(
    rng: np.random.Generator, n: int, start_day: int, first_address_id: int = 1
) -> Population:
    """Draw ``n`` persons in households, with names, IINs, incomes and kinship."""
    household, position, size = _households(rng, n)
    h = int(household[-1]) + 1
    hh_region = rng.choice(len(ref.REGIONS), size=h, p=_norm([r.population for r in ref.REGIONS]))
    region = hh_region[household]
    # origin of the household's names; a few households are foreign citizens
    kaz_share = np.array([r.kazakh_share for r in ref.REGIONS])[hh_region]
    south = np.array([r.name in ref.SOUTH_REGIONS for r in ref.REGIONS])[hh_region]
    r = rng.random(h)
    hh_origin = np.where(
        r < kaz_share, 0, np.where(rng.random(h) < np.where(south, 0.45, 0.12), 2, 1)
    )
    foreign_hh = (rng.random(h) < _FOREIGN_SHARE) & (np.bincount(household, minlength=h) <= 3)
    codes, probs = ref.weights(ref.COUNTRIES_FOREIGN_CITIZENS)
    hh_cit = np.where(foreign_hh, rng.choice(len(codes), size=h, p=probs), -1)
    hh_origin = np.where(
        foreign_hh, np.array([ORIGIN_OF_CITIZENSHIP[c] for c in codes])[hh_cit], hh_origin
    )
    origin = hh_origin[household]
    cit_idx = hh_cit[household]
    cit_codes = ("KZ", *codes)
    citizenship = vec.take(cit_codes, cit_idx + 1)
    resident = (cit_idx < 0) | (rng.random(n) < 0.6)

    couple = (size >= 2) & np.repeat(rng.random(h) < 0.8, np.bincount(household, minlength=h))
    age = _ages(rng, position, size, couple)
    head_male = np.repeat(rng.random(h) < 0.75, np.bincount(household, minlength=h))
    female = np.where(
        position == 0,
        np.where(size == 1, rng.random(n) < 0.5, ~head_male),
        np.where((position == 1) & couple, head_male, rng.random(n) < 0.5),
    )
    birth = start_day - age * 365 - rng.integers(1, 365, n) - age // 4
    occupation = _occupations(rng, age, female, region)
    income = _incomes(rng, occupation, region)
    n_pep = max(3, n // 2500) if n >= 500 else 1
    pep = np.zeros(n, dtype=np.bool_)
    cand = np.flatnonzero((age >= 35) & (age <= 70) & (cit_idx < 0))
    pep[rng.choice(cand, size=min(n_pep, len(cand)), replace=False)] = True
    occupation = np.where(pep, ref.OCCUPATION_INDEX[ref.PEP_OCCUPATION], occupation)
    income = np.where(pep, np.round(income * 2.2 / 1000) * 1000, income)

    # names: a household shares a surname stem; spouses sometimes keep their own
    birth_year = vec.ymd(birth)[0].astype(np.int32)
    hh_stem = np.zeros(h, dtype=np.int64)
    for code, oname in enumerate(names.ORIGINS):
        m = hh_origin == code
        hh_stem[m] = rng.integers(0, names.pool_sizes(oname)[2], int(m.sum()))
    stem = hh_stem[household]
    own_stem = (position == 1) & couple & (rng.random(n) < np.where(origin == 0, 0.35, 0.12))
    na = names.draw_names(rng, origin.astype(np.int8), female, birth_year, None)
    surname = np.where(own_stem, na.surname, stem).astype(np.int32)
    na = names.draw_names(rng, origin.astype(np.int8), female, birth_year, surname)
    # children's patronymic comes from the father of the household
    head_idx = np.flatnonzero(position == 0)[household]
    father_idx = np.where(head_male[household] | ~couple, head_idx, head_idx + 1)
    is_child = position >= np.where(couple, 2, 1)
    father_given = na.given[father_idx]
    father_ok = is_child & ~female[father_idx] & (na.father >= 0)
    na = names.NameArrays(
        origin=na.origin,
        female=na.female,
        given=na.given,
        surname=na.surname,
        father=np.where(father_ok, father_given, na.father).astype(np.int32),
        surname_style=na.surname_style,
        patronymic_style=na.patronymic_style,
        dzh=na.dzh,
        latin=na.latin,
    )

    iin = vec.iins(birth, female)
    address_id = first_address_id + household
    customer_since = start_day - rng.integers(30, 15 * 365, n)
    customer_since = np.maximum(customer_since, birth + 16 * 365)
    customer_since = np.minimum(customer_since, start_day - 1)

    rendered = names.render_columns(na)
    persons = pa.table(
        {
            "person_id": vec.id_array(np.arange(1, n + 1)),
            "iin": vec.id12_strings(iin),
            **rendered,
            "birth_date": vec.date_array(birth),
            "sex": vec.take(("M", "F"), female.astype(np.int64)),
            "citizenship": citizenship,
            "resident": pa.array(resident),
            "region": vec.take(ref.REGION_NAMES, region),
            "address_id": vec.id_array(address_id),
            "phone": vec.phones(rng, np.arange(n)),
            "occupation": vec.take([o.name for o in ref.OCCUPATIONS], occupation),
            "declared_income_kzt": _money(income),
            "pep": pa.array(pep),
            "customer_since": vec.date_array(customer_since),
        }
    ).cast(TABLES["persons"].schema)
    addresses = household_addresses(rng, hh_region, first_address_id)

    # kinship: spouses, parent → child inside households, and parents living elsewhere
    spouse_i = np.flatnonzero((position == 1) & couple)
    kin_src = [spouse_i - 1]
    kin_dst = [spouse_i]
    kin_det = [np.zeros(len(spouse_i), np.int64)]
    child_i = np.flatnonzero(is_child)
    kin_src.append(head_idx[child_i])
    kin_dst.append(child_i)
    kin_det.append(np.ones(len(child_i), np.int64))
    kids_of_spouse = child_i[couple[child_i]]
    kin_src.append(head_idx[kids_of_spouse] + 1)
    kin_dst.append(kids_of_spouse)
    kin_det.append(np.ones(len(kids_of_spouse), np.int64))
    src, dst = _parents_elsewhere(rng, position, age, region)
    kin_src.append(src)
    kin_dst.append(dst)
    kin_det.append(np.ones(len(src), np.int64))
    ks, kd, kdet = np.concatenate(kin_src), np.concatenate(kin_dst), np.concatenate(kin_det)
    rel_ptr, rel_idx = _csr(n, ks, kd)
    return Population(
        n=n,
        birth=birth.astype(np.int64),
        age=age.astype(np.int64),
        female=female.astype(np.bool_),
        region=region.astype(np.int64),
        household=household.astype(np.int64),
        address_id=address_id.astype(np.int64),
        origin=origin.astype(np.int64),
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
        addresses=addresses,
        kin_src=ks.astype(np.int64),
        kin_dst=kd.astype(np.int64),
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
    return a / a.sum()


def _money(values: F64) -> pa.Array:
    from kuzet.model.money import to_money

    return to_money(values)
