"""Legal entities: companies, entrepreneurs, public bodies, trusts and foreign structures.

Firms are built in segments so each kind gets the facts it needs: public employers (schools,
clinics, akimats) for teachers, doctors and civil servants; ordinary companies with a skewed
size distribution and a tenth of dormant ones; merchant operators per retail category;
individual entrepreneurs owned by the persons who declared that occupation; and foreign
structures and trusts that hold some companies through ownership chains (a few offshore).
A handful of business-centre addresses carry many registrations each (mass registration),
as real registers do. Employment, founders, directors and chains become ``relations``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.money import to_money
from kuzet.model.schemas import TABLES
from kuzet.synth import names, vec
from kuzet.synth import reference as ref
from kuzet.synth.population import Population
from kuzet.synth.vec import F64, I64, Arr, B

KINDS = ("company", "individual_entrepreneur", "trust", "foreign_structure")
COMPANY, IP, TRUST, FOREIGN = range(4)
ROLES = ("public", "company", "merchant", "entrepreneur", "foreign", "special", "crypto")
PUBLIC, ORDINARY, MERCHANT, ENTREPRENEUR, OFFSHORE, SPECIAL, CRYPTO = range(7)
SPECIAL_NAMES = (
    ("РГУ «Комитет государственных доходов (синтетический)»", "РГУ", "84.11"),
    ("НАО «Центр выплат пенсий и пособий (синтетический)»", "НАО", "84.30"),
)
"""The tax receiver and the pension payer: counterparties of taxes and pensions."""
TREASURY, PENSION_FUND = 0, 1


@dataclass
class Segment:
    """Entities of one kind of origin, before the segments are concatenated."""

    kind: I64
    role: I64
    region: I64
    oked: list[str | None]
    form: list[str]
    name: Arr
    registered: I64
    weight: F64
    country: list[str]
    category: I64 | None = None
    owner: I64 | None = None

    def __len__(self) -> int:
        return len(self.kind)


def _concat(parts: list[Segment]) -> Segment:
    def ints(get: Callable[[Segment], I64 | None]) -> I64:
        arrays = [get(p) for p in parts]
        return np.concatenate(
            [np.full(len(p), -1) if a is None else a for p, a in zip(parts, arrays, strict=True)]
        ).astype(np.int64)

    return Segment(
        kind=ints(lambda p: p.kind),
        role=ints(lambda p: p.role),
        region=ints(lambda p: p.region),
        oked=list(chain.from_iterable(p.oked for p in parts)),
        form=list(chain.from_iterable(p.form for p in parts)),
        name=pa.chunked_array([p.name.cast(pa.string()) for p in parts]).combine_chunks(),
        registered=ints(lambda p: p.registered),
        weight=np.concatenate([p.weight for p in parts]).astype(np.float64),
        country=list(chain.from_iterable(p.country for p in parts)),
        category=ints(lambda p: p.category),
        owner=ints(lambda p: p.owner),
    )


@dataclass
class Firms:
    """Arrays describing the ordinary legal entities; index ``j`` is ``entity_id = j + 1``."""

    n: int
    kind: I64
    role: I64
    region: I64
    """-1 for foreign entities."""
    oked: list[str | None]
    category: I64
    """Merchant category index for merchant operators, else -1."""
    registered: I64
    active: B
    weight: F64
    """Hiring weight (company size)."""
    employees: I64
    bin: I64
    """-1 where none."""
    country: list[str]
    owner_person: I64
    """The founder (IP owner) person index, or -1."""
    table: pa.Table
    relations: dict[str, np.ndarray]
    """Relation columns (person/entity indices) before ids are assigned."""
    employer: I64
    """Per person: employing entity index or -1."""
    addresses: pa.Table


def _region_choice(rng: np.random.Generator, k: int) -> I64:
    w = np.array([r.population for r in ref.REGIONS])
    return rng.choice(len(ref.REGIONS), size=k, p=w / w.sum())


def _registered(rng: np.random.Generator, k: int, start_day: int) -> I64:
    """Registration dates: many recent firms, a long tail back to the 1990s."""
    years = rng.exponential(6.0, k) + 0.05
    return (start_day - np.minimum(years, 30.0) * 365.25).astype(np.int64)


def _public(rng: np.random.Generator, pop: Population, start_day: int) -> list[Segment]:
    """Schools, clinics and akimat offices per region, sized to the staff who need them, and
    the two state payers (tax receiver, pension payer)."""
    occ = pop.occupation
    idx = ref.OCCUPATION_INDEX
    n_reg = len(ref.REGIONS)
    publics = (
        ("КГУ", "Школа-гимназия №", "85.31", occ == idx["teacher"], 40),
        (
            "ГКП",
            "Городская поликлиника №",
            "86.21",
            np.isin(occ, [idx["doctor"], idx["nurse"]]),
            60,
        ),
        ("ГУ", "Управление акимата №", "84.11", occ == idx["civil_servant"], 90),
    )
    out = []
    for form, title, oked, staff_mask, staff in publics:
        per_region = np.bincount(pop.region[staff_mask], minlength=n_reg)
        count = np.maximum(1, np.ceil(per_region / staff)).astype(np.int64)
        region = np.repeat(np.arange(n_reg), count)
        number = np.concatenate([np.arange(1, c + 1) for c in count])
        k = len(region)
        city = vec.take([r.city for r in ref.REGIONS], region)
        out.append(
            Segment(
                kind=np.full(k, COMPANY),
                role=np.full(k, PUBLIC),
                region=region,
                oked=[oked] * k,
                form=[form] * k,
                name=vec.concat(form, " «", title, vec.lpad(number, 1), " (", city, ")»"),
                registered=_registered(rng, k, start_day) - 3650,
                weight=np.full(k, float(staff)),
                country=["KZ"] * k,
            )
        )
    k = len(SPECIAL_NAMES)
    out.append(
        Segment(
            kind=np.full(k, COMPANY),
            role=np.full(k, SPECIAL),
            region=np.zeros(k, np.int64),
            oked=[s[2] for s in SPECIAL_NAMES],
            form=[s[1] for s in SPECIAL_NAMES],
            name=pa.array([s[0] for s in SPECIAL_NAMES]),
            registered=np.full(k, start_day - 9000),
            weight=np.zeros(k),
            country=["KZ"] * k,
        )
    )
    return out


def _companies(rng: np.random.Generator, n: int, start_day: int) -> Segment:
    """Ordinary companies: ТОО mostly, a few АО; sizes Pareto-distributed, 12% dormant."""
    k = max(20, n // 25)
    okeds, ow = ref.weights(tuple((o, w) for o, _, w in ref.OKED_COMPANY))
    oked = np.array(okeds)[rng.choice(len(okeds), size=k, p=ow)]
    size = np.minimum(np.floor((rng.pareto(1.1, k) + 1.0) * 2.0), 3000.0)
    size = np.where(rng.random(k) < 0.12, 0.0, size)  # dormant firms: no staff at all
    form = np.where(rng.random(k) < 0.03, "АО", "ТОО")
    return Segment(
        kind=np.full(k, COMPANY),
        role=np.full(k, ORDINARY),
        region=_region_choice(rng, k),
        oked=oked.tolist(),
        form=form.tolist(),
        name=_company_names(rng, form, oked),
        registered=_registered(rng, k, start_day),
        weight=np.where(form == "АО", size * 5, size),
        country=["KZ"] * k,
    )


def _merchant_operators(rng: np.random.Generator, n: int, start_day: int) -> list[Segment]:
    """Operators of shops by category: chains (companies) and single shops (entrepreneurs);
    casinos only in the gambling zones."""
    out = []
    for ci, cat in enumerate(ref.MERCHANT_CATEGORIES):
        if cat.name.startswith("crypto") or cat.name == "grey_terminal":
            continue
        m = max(1, int(np.ceil(cat.per_100k * n / 100_000 / 3)))
        form = np.where(cat.national | (rng.random(m) < 0.4), "ТОО", "ИП")
        if cat.name == "utilities":
            form = np.full(m, "ГКП")
        region = _region_choice(rng, m)
        if cat.name == "casino":
            zones = np.array([ref.REGION_NAMES.index(r) for r in ref.CASINO_REGIONS])
            region = zones[rng.integers(0, len(zones), m)]
        oked = np.full(m, cat.oked)
        out.append(
            Segment(
                kind=np.where(form == "ИП", IP, COMPANY),
                role=np.full(m, MERCHANT),
                region=region,
                oked=oked.tolist(),
                form=form.tolist(),
                name=_company_names(rng, form, oked, cat.name),
                registered=_registered(rng, m, start_day),
                weight=np.full(m, 8.0),
                country=["KZ"] * m,
                category=np.full(m, ci),
            )
        )
    return out


def _entrepreneurs(rng: np.random.Generator, pop: Population, start_day: int) -> Segment:
    """ИП and peasant farms of the persons who declared entrepreneurship or farming."""
    occ = pop.occupation
    idx = ref.OCCUPATION_INDEX
    n = pop.n
    own = np.flatnonzero(
        (occ == idx["entrepreneur"])
        | ((occ == idx["self_employed"]) & (rng.random(n) < 0.3))
        | ((occ == idx["farmer"]) & (rng.random(n) < 0.5))
    )
    k = len(own)
    farm = occ[own] == idx["farmer"]
    ip_okeds, ip_w = ref.weights(ref.OKED_IP)
    oked = np.where(farm, "01.11", np.array(ip_okeds)[rng.choice(len(ip_okeds), k, p=ip_w)])
    form = np.where(farm, "КХ", "ИП")
    last = pop.persons.column("last_name").take(vec.ix(own))
    initial = pc.utf8_slice_codeunits(pop.persons.column("first_name").take(vec.ix(own)), 0, 1)
    return Segment(
        kind=np.full(k, IP),
        role=np.full(k, ENTREPRENEUR),
        region=pop.region[own],
        oked=oked.tolist(),
        form=form.tolist(),
        name=vec.concat(pa.array(form.tolist()), " ", last, " ", initial, "."),
        registered=np.maximum(_registered(rng, k, start_day), pop.birth[own] + 18 * 366),
        weight=np.where(rng.random(k) < 0.2, 1.0, 0.0),
        country=["KZ"] * k,
        owner=own,
    )


def _foreign(rng: np.random.Generator, n: int, start_day: int) -> Segment:
    """Foreign structures (a third offshore) and trusts that own some Kazakh companies."""
    k = max(4, n // 1000)
    offshore = rng.random(k) < 0.35
    country = np.where(
        offshore,
        np.array(ref.OFFSHORE)[rng.integers(0, len(ref.OFFSHORE), k)],
        np.array(ref.ONSHORE_FOREIGN)[rng.integers(0, len(ref.ONSHORE_FOREIGN), k)],
    )
    trust = rng.random(k) < 0.2
    country = np.where(trust, np.array(["JE", "GG", "LI", "CY"])[rng.integers(0, 4, k)], country)
    w1 = np.array(ref.FOREIGN_FIRM_WORDS)[rng.integers(0, len(ref.FOREIGN_FIRM_WORDS), k)]
    w2 = np.array(ref.FOREIGN_FIRM_KIND)[rng.integers(0, len(ref.FOREIGN_FIRM_KIND), k)]
    forms = np.array([ref.FOREIGN_FORM_BY_COUNTRY.get(c, "Ltd") for c in country.tolist()])
    forms = np.where(trust, "Trust", forms)
    names_ = [
        f"The {a} Family Trust" if t else f"{a} {b} {f}"
        for a, b, f, t in zip(w1.tolist(), w2.tolist(), forms.tolist(), trust.tolist(), strict=True)
    ]
    return Segment(
        kind=np.where(trust, TRUST, FOREIGN),
        role=np.full(k, OFFSHORE),
        region=np.full(k, -1),
        oked=[None] * k,
        form=forms.tolist(),
        name=pa.array(names_),
        registered=_registered(rng, k, start_day),
        weight=np.zeros(k),
        country=country.tolist(),
    )


def _crypto_operators(rng: np.random.Generator, start_day: int) -> Segment:
    """Operators of crypto platforms: AIFC participants (licensed) and recent shells."""
    plats = ref.CRYPTO_PLATFORMS
    k = len(plats)
    domestic = np.array([p.operator_country == "KZ" for p in plats])
    licensed = np.array([p.licensed for p in plats])
    return Segment(
        kind=np.where(domestic, COMPANY, FOREIGN),
        role=np.full(k, CRYPTO),
        region=np.where(domestic, ref.REGION_NAMES.index("Astana"), -1),
        oked=["66.19"] * k,
        form=[p.operator_form for p in plats],
        name=pa.array(
            [
                f"{p.operator_form} «{p.name}»"
                if p.operator_country == "KZ"
                else f"{p.name} {p.operator_form}"
                for p in plats
            ]
        ),
        registered=np.where(
            licensed, start_day - rng.integers(500, 1500, k), start_day - rng.integers(60, 400, k)
        ),
        weight=np.where(licensed, 40.0, 0.0),
        country=[p.operator_country for p in plats],
    )


def build_firms(
    rng: np.random.Generator, pop: Population, start_day: int, first_address_id: int
) -> Firms:
    """Every ordinary legal entity, their employees, owners, directors and addresses."""
    seg = _concat(
        [
            *_public(rng, pop, start_day),
            _companies(rng, pop.n, start_day),
            *_merchant_operators(rng, pop.n, start_day),
            _entrepreneurs(rng, pop, start_day),
            _foreign(rng, pop.n, start_day),
            _crypto_operators(rng, start_day),
        ]
    )
    m = len(seg)
    status = rng.choice(4, size=m, p=(0.94, 0.035, 0.015, 0.01))
    status = np.where(np.isin(seg.role, [PUBLIC, SPECIAL, MERCHANT, CRYPTO]), 0, status)
    active = status == 0
    weight = np.where(active, seg.weight, 0.0)
    liquidated = np.where(status == 1, start_day - rng.integers(10, 900, m), -1)
    liquidated = np.maximum(liquidated, np.where(status == 1, seg.registered + 30, -1))
    # BINs: resident companies 4, entrepreneurs 6 (farms division 3), foreign branches 5
    abroad = np.array(seg.country) != "KZ"
    etype = np.where(seg.kind == IP, 6, np.where(abroad, 5, 4))
    division = np.where(np.array(seg.form) == "КХ", 3, np.where(abroad, 2, 0))
    has_bin = ~abroad | (rng.random(m) < 0.3)
    bin_ = np.where(has_bin, vec.bins(seg.registered, etype, division), -1)
    employer = _assign_employment(rng, pop, seg.role, seg.region, weight, seg.oked)
    employees = np.bincount(employer[employer >= 0], minlength=m)
    addresses, address_id = _firm_addresses(
        rng, seg.region, seg.role, seg.kind, seg.country, first_address_id
    )
    payroll = np.bincount(
        employer[employer >= 0], weights=pop.income[employer >= 0], minlength=m
    ).astype(np.float64)
    table = _entity_table(rng, seg, status, liquidated, bin_, employees, payroll, address_id)
    assert seg.owner is not None and seg.category is not None
    relations = _ownership(rng, pop, seg, employer, start_day)
    return Firms(
        n=m,
        kind=seg.kind,
        role=seg.role,
        region=seg.region,
        oked=seg.oked,
        category=seg.category,
        registered=seg.registered,
        active=active,
        weight=weight,
        employees=employees,
        bin=bin_,
        country=seg.country,
        owner_person=seg.owner,
        table=table,
        relations=relations,
        employer=employer,
        addresses=addresses,
    )


def _entity_table(
    rng: np.random.Generator,
    seg: Segment,
    status: I64,
    liquidated: I64,
    bin_: I64,
    employees: I64,
    payroll: F64,
    address_id: I64,
) -> pa.Table:
    """The ``legal_entities`` rows; taxes follow payroll and a revenue guess."""
    m = len(seg)
    kind = seg.kind
    revenue = payroll * 12 * rng.uniform(1.5, 6.0, m) + np.where(kind == IP, 2.4e6, 0.0)
    tax = payroll * 12 * 0.2 + revenue * rng.uniform(0.01, 0.05, m)
    tax = np.where((employees == 0) & (kind == COMPANY), rng.uniform(0, 150_000, m), tax)
    tax = np.where(np.isin(kind, [TRUST, FOREIGN]) | (seg.role == SPECIAL), np.nan, tax)
    tax = np.round(tax / 100.0) * 100.0
    reg_no = rng.integers(0, 10**7, m).tolist()
    foreign_reg = [
        f"{c}-{r:07d}" if c != "KZ" else None for c, r in zip(seg.country, reg_no, strict=True)
    ]
    phone = _mass_phones(rng, address_id, vec.phones(rng, np.arange(m), mobile=False))
    domestic = pa.array(np.array(seg.country) == "KZ")
    return pa.table(
        {
            "entity_id": vec.id_array(np.arange(1, m + 1)),
            "bin": pc.if_else(pa.array(bin_ >= 0), vec.id12_strings(np.maximum(bin_, 0)), None),
            "name": seg.name,
            "name_lat": _latin_names(seg.name),
            "form": pa.array(seg.form, pa.string()),
            "kind": vec.take(KINDS, kind),
            "registered": vec.date_array(seg.registered),
            "country": pa.array(seg.country, pa.string()),
            "foreign_reg_no": pa.array(foreign_reg, pa.string()),
            "oked": pa.array(seg.oked, pa.string()),
            "address_id": vec.id_array(address_id),
            "phone": pc.if_else(domestic, phone, None),
            "employees": pa.array(employees.astype(np.int32)),
            "tax_paid_kzt": to_money(tax),
            "status": vec.take(("active", "liquidated", "suspended", "bankrupt"), status),
            "liquidated": vec.date_array(np.maximum(liquidated, 0), liquidated >= 0),
        }
    ).cast(TABLES["legal_entities"].schema)


def _company_names(
    rng: np.random.Generator, form: np.ndarray, oked: np.ndarray, category: str | None = None
) -> Arr:
    k = len(form)
    if category is not None and category in ref.MERCHANT_NAME_PARTS:
        first, second = ref.MERCHANT_NAME_PARTS[category]
    else:
        first = ref.FIRM_NAME_FIRST
        second = ()
    f = np.array(first)[rng.integers(0, len(first), k)]
    if second:
        s = np.array(second)[rng.integers(0, len(second), k)]
    else:
        s = np.empty(k, dtype=object)
        pick = rng.integers(0, 1 << 30, k)
        for prefix in np.unique([o[:2] for o in oked.tolist()]).tolist():
            options = np.array(ref.FIRM_NAME_SUFFIX.get(prefix, ref.FIRM_NAME_SUFFIX_DEFAULT))
            m = np.char.startswith(oked.astype(str), prefix)
            s[m] = options[pick[m] % len(options)]
        s = s.astype(str)
    glue = np.where(
        np.char.startswith(s.astype(str), ".") | np.char.startswith(s.astype(str), " "), "", " "
    )
    core = np.char.strip(np.char.add(np.char.add(f, glue), s))
    full: Arr = pa.array(np.char.add(np.char.add(np.char.add(form, " «"), core), "»").tolist())
    return full


_FORM_LAT = {
    "ТОО": "LLP",
    "АО": "JSC",
    "ИП": "IE",
    "КХ": "Farm",
    "ГКП": "SME",
    "КГУ": "MSI",
    "ГУ": "SI",
    "РГУ": "RSI",
    "НАО": "NJSC",
}


def _latin_names(name: Arr) -> Arr:
    """Latin names as in bank messages: the quoted core transliterated, form in English."""
    uniq, inverse = np.unique(np.array(name.to_pylist(), dtype=object), return_inverse=True)
    out = []
    for text in uniq.tolist():
        if "«" not in text:
            out.append(
                text
                if not any("а" <= c <= "я" or c in "ёЁ" for c in text.lower())
                else names.to_latin(text)
            )
            continue
        form_ru, _, rest = text.partition(" «")
        core = rest.rstrip("»")
        core = names.to_latin(core.replace("№", "No. ")).upper()
        out.append(f"{core} {_FORM_LAT.get(form_ru, form_ru)}")
    return pa.array(out, pa.string()).take(vec.ix(inverse.astype(np.int64)))


def _assign_employment(
    rng: np.random.Generator,
    pop: Population,
    role: I64,
    region: I64,
    weight: F64,
    oked: list[str | None],
) -> I64:
    """Each employed person gets an employer: public bodies for teachers, medics and civil
    servants, firms weighted by size (mostly in the person's region) for everyone else."""
    n = pop.n
    employer = np.full(n, -1, dtype=np.int64)
    employed = np.array([o.employed for o in ref.OCCUPATIONS])[pop.occupation]
    oked_arr = np.array([o or "" for o in oked])
    groups = [
        (pop.occupation == ref.OCCUPATION_INDEX["teacher"], oked_arr == "85.31"),
        (
            np.isin(
                pop.occupation, [ref.OCCUPATION_INDEX["doctor"], ref.OCCUPATION_INDEX["nurse"]]
            ),
            oked_arr == "86.21",
        ),
        (
            pop.occupation == ref.OCCUPATION_INDEX["civil_servant"],
            (role == PUBLIC) & (oked_arr == "84.11"),
        ),
    ]
    public_any = np.zeros(n, dtype=np.bool_)
    for persons, cands in groups:
        sel = np.flatnonzero(employed & persons)
        employer[sel] = _pick(
            rng, pop.region[sel], np.flatnonzero(cands & (weight > 0)), region, weight
        )
        public_any |= persons
    rest = np.flatnonzero(employed & ~public_any)
    firms = np.flatnonzero((role != PUBLIC) & (role != SPECIAL) & (weight > 0) & (region >= 0))
    local = rng.random(len(rest)) < 0.85
    employer[rest[local]] = _pick(rng, pop.region[rest[local]], firms, region, weight)
    far = rest[~local]
    w = weight[firms] / weight[firms].sum()
    employer[far] = firms[rng.choice(len(firms), size=len(far), p=w)]
    return employer


def _pick(
    rng: np.random.Generator, person_region: I64, cands: I64, cand_region: I64, weight: F64
) -> I64:
    out = np.full(len(person_region), -1, dtype=np.int64)
    if len(cands) == 0:
        return out
    for r in range(len(ref.REGIONS)):
        who = np.flatnonzero(person_region == r)
        if len(who) == 0:
            continue
        pool = cands[(cand_region[cands] == r) & (weight[cands] > 0)]
        if len(pool) == 0:
            pool = cands[weight[cands] > 0]
        if len(pool) == 0:
            continue
        cum = np.cumsum(weight[pool])
        out[who] = pool[np.searchsorted(cum, rng.random(len(who)) * cum[-1], side="right")]
    return out


def _firm_addresses(
    rng: np.random.Generator,
    region: I64,
    role: I64,
    kind: I64,
    country: list[str],
    first_id: int,
) -> tuple[pa.Table, I64]:
    """Own addresses for most firms; a few business centres host many registrations."""
    m = len(region)
    domestic = np.array(country) == "KZ"
    n_mass = max(2, m // 4000)
    big_cities = np.array([ref.REGION_NAMES.index(c) for c in ("Astana", "Almaty", "Shymkent")])
    mass_region = big_cities[rng.integers(0, 3, n_mass)]
    ordinary = domestic & (role == ORDINARY)
    at_mass = ordinary & (rng.random(m) < 0.06)
    own = np.flatnonzero(domestic & ~at_mass)
    addr_region = np.r_[region[own], mass_region]
    k = len(addr_region)
    street = vec.take(ref.STREETS, rng.integers(0, len(ref.STREETS), k))
    office = np.where(np.arange(k) < len(own), rng.integers(1, 400, k), rng.integers(1, 30, k))
    line = vec.concat(
        street, ", д. ", vec.lpad(rng.integers(1, 200, k), 1), ", офис ", vec.lpad(office, 1)
    )
    kato = vec.concat(
        vec.take([r.kato for r in ref.REGIONS], addr_region),
        vec.lpad(rng.integers(1000, 9999, k), 4),
        "000",
    )
    foreign = np.flatnonzero(~domestic)
    fk = len(foreign)
    table = pa.table(
        {
            "address_id": vec.id_array(np.arange(first_id, first_id + k + fk)),
            "kato": pa.concat_arrays([kato, pa.nulls(fk, pa.string())]),
            "country": pa.array(["KZ"] * k + [country[i] for i in foreign], pa.string()),
            "region": pa.concat_arrays(
                [vec.take(ref.REGION_NAMES, addr_region), pa.nulls(fk, pa.string())]
            ),
            "city": pa.concat_arrays(
                [vec.take([r.city for r in ref.REGIONS], addr_region), pa.nulls(fk, pa.string())]
            ),
            "line": pa.concat_arrays(
                [
                    line,
                    vec.concat(
                        "Suite ", vec.lpad(rng.integers(1, 900, fk), 1), ", Registered Office"
                    ),
                ]
            ),
        }
    ).cast(TABLES["addresses"].schema)
    address_id = np.full(m, -1, dtype=np.int64)
    address_id[own] = first_id + np.arange(len(own))
    mass = np.flatnonzero(at_mass)
    address_id[mass] = first_id + len(own) + rng.integers(0, n_mass, len(mass))
    address_id[foreign] = first_id + k + np.arange(fk)
    return table, address_id


def _mass_phones(rng: np.random.Generator, address_id: I64, phone: Arr) -> Arr:
    """Firms registered through one agent at a mass address often give the agent's phone."""
    counts = np.bincount(np.maximum(address_id, 0))
    crowded = (address_id >= 0) & (counts[np.maximum(address_id, 0)] > 20)
    share = crowded & (rng.random(len(address_id)) < 0.3)
    first_at: dict[int, int] = {}
    for i in np.flatnonzero(crowded).tolist():
        first_at.setdefault(int(address_id[i]), i)
    src = np.arange(len(address_id))
    for i in np.flatnonzero(share).tolist():
        src[i] = first_at[int(address_id[i])]
    return phone.take(vec.ix(src))


class _Relations:
    """Relation columns (party indices) collected before ids are assigned."""

    def __init__(self) -> None:
        self.parts: list[tuple[int, I64, I64, str, F64 | None, I64]] = []

    def add(
        self, src_type: int, src: I64, dst: I64, kind: str, share: F64 | None, since: I64
    ) -> None:
        self.parts.append((src_type, src, dst, kind, share, since))

    def columns(self) -> dict[str, np.ndarray]:
        p = self.parts
        return {
            "src_type": np.concatenate([np.full(len(s), t) for t, s, *_ in p]),
            "src": np.concatenate([s for _, s, *_ in p]).astype(np.int64),
            "dst": np.concatenate([d for _, _, d, *_ in p]).astype(np.int64),
            "kind": np.concatenate([np.full(len(s), k, dtype=object) for _, s, _, k, *_ in p]),
            "share": np.concatenate(
                [np.full(len(s), np.nan) if sh is None else sh for _, s, _, _, sh, _ in p]
            ),
            "since": np.concatenate([f for *_, f in p]).astype(np.int64),
        }


def _ownership(
    rng: np.random.Generator, pop: Population, seg: Segment, employer: I64, start_day: int
) -> dict[str, np.ndarray]:
    """Founders, directors, corporate parents, chains through foreign structures and trusts,
    IP owners and employees, as relation columns of indices."""
    rel = _Relations()
    adults = np.flatnonzero((pop.age >= 25) & (pop.age <= 72))
    kinds = [
        ref.OCCUPATION_INDEX[o] for o in ("entrepreneur", "manager", "office_worker", "engineer")
    ]
    founders = adults[np.isin(pop.occupation[adults], kinds)]
    rich = adults[np.argsort(-pop.income[adults])[: max(10, len(adults) // 200)]]
    _founders(rng, rel, seg, founders)
    _chains(rng, rel, seg, founders, rich, pop)
    reg = seg.registered
    assert seg.owner is not None
    ips = np.flatnonzero(seg.owner >= 0)
    rel.add(0, seg.owner[ips], ips, "owner", np.ones(len(ips)), reg[ips])
    emp = np.flatnonzero(employer >= 0)
    hired = start_day - (rng.exponential(4.0, len(emp)) * 365).astype(np.int64)
    hired = np.maximum(np.maximum(hired, reg[employer[emp]]), pop.birth[emp] + 16 * 366)
    rel.add(0, emp.astype(np.int64), employer[emp], "employee", None, hired)
    return rel.columns()


def _founders(rng: np.random.Generator, rel: _Relations, seg: Segment, founders: I64) -> None:
    """Most companies are founded by one to three persons; some belong to another company or
    to a foreign structure. Every company has a director."""
    kind, role, reg = seg.kind, seg.role, seg.registered
    companies = np.flatnonzero((kind == COMPANY) & ((role == ORDINARY) | (role == MERCHANT)))
    foreign = np.flatnonzero(kind == FOREIGN)
    r = rng.random(len(companies))
    by_foreign = companies[(r < 0.025) & (len(foreign) > 0)]
    by_company = companies[(r >= 0.025) & (r < 0.10)]
    by_people = companies[r >= 0.10]
    nf = rng.integers(1, 4, len(by_people))
    f_dst = np.repeat(by_people, nf)
    f_src = founders[rng.integers(0, len(founders), len(f_dst))]
    raw = rng.dirichlet(np.ones(3), len(by_people))
    shares = np.concatenate([raw[i, :c] / raw[i, :c].sum() for i, c in enumerate(nf.tolist())])
    rel.add(0, f_src, f_dst, "founder", np.round(shares, 4), reg[f_dst])
    if len(by_foreign):
        parents = foreign[rng.integers(0, len(foreign), len(by_foreign))]
        rel.add(1, parents, by_foreign, "owner", np.ones(len(by_foreign)), reg[by_foreign])
    parents = companies[rng.integers(0, len(companies), len(by_company))]
    ok = parents != by_company
    rel.add(1, parents[ok], by_company[ok], "owner", np.ones(int(ok.sum())), reg[by_company[ok]])
    director = founders[rng.integers(0, len(founders), len(companies))]
    rel.add(0, director, companies, "director", None, reg[companies])


def _chains(
    rng: np.random.Generator,
    rel: _Relations,
    seg: Segment,
    founders: I64,
    rich: I64,
    pop: Population,
) -> None:
    """Foreign structures are owned by wealthy Kazakh persons, by trusts or by other foreign
    structures, some with nominees; trusts have a settlor, beneficiaries (the settlor and a
    relative) and a professional trustee abroad."""
    kind, reg = seg.kind, seg.registered
    foreign = np.flatnonzero(kind == FOREIGN)
    trusts = np.flatnonzero(kind == TRUST)
    if len(foreign):
        r = rng.random(len(foreign))
        via_trust = foreign[(r < 0.3) & (len(trusts) > 0)]
        if len(via_trust):
            owners = trusts[rng.integers(0, len(trusts), len(via_trust))]
            rel.add(1, owners, via_trust, "owner", np.ones(len(via_trust)), reg[via_trust])
        chained = foreign[(r >= 0.3) & (r < 0.45)]
        upper = foreign[rng.integers(0, len(foreign), len(chained))]
        ok = upper != chained
        rel.add(1, upper[ok], chained[ok], "owner", np.ones(int(ok.sum())), reg[chained[ok]])
        direct = foreign[r >= 0.45]
        owners = rich[rng.integers(0, len(rich), len(direct))]
        rel.add(0, owners, direct, "owner", np.ones(len(direct)), reg[direct])
        nominees = foreign[rng.random(len(foreign)) < 0.25]
        fronts = founders[rng.integers(0, len(founders), len(nominees))]
        rel.add(0, fronts, nominees, "nominee", None, reg[nominees])
    if len(trusts):
        settlor = rich[rng.integers(0, len(rich), len(trusts))]
        rel.add(0, settlor, trusts, "settlor", None, reg[trusts])
        rel.add(0, settlor, trusts, "beneficiary", None, reg[trusts])
        has_kin = pop.rel_ptr[settlor + 1] > pop.rel_ptr[settlor]
        kin = pop.rel_idx[pop.rel_ptr[settlor[has_kin]]].astype(np.int64)
        rel.add(0, kin, trusts[has_kin], "beneficiary", None, reg[trusts[has_kin]])
        if len(foreign):
            trustees = foreign[rng.integers(0, len(foreign), len(trusts))]
            rel.add(1, trustees, trusts, "trustee", None, reg[trusts])
