"""The feature tables this room writes, and their columns (a contract for packs and console).

``data/entity_risk/`` — one row per legal entity:

==========================  ==================================================================
entity_id, bin, name, kind  the entity (``legal_entities``)
country, oked, status       as registered
age_days                    days from registration to ``as_of``
chain_depth                 longest ownership path above the entity (0: no owners recorded)
structure_in_chain          a trust or foreign structure holds it (at any depth)
circular_ownership          an ownership path returns to an entity already on it
chain_countries             countries of the entity and of every entity above it
foreign/offshore/high_risk_countries  those of ``chain_countries`` outside home / on the lists
nominee_relations           registered ``nominee`` relations onto the entity
controller_max_firms        most firms run (owner, founder, director, nominee) by one of its people
busiest_controller          person_id of that person
closed_links                liquidated or bankrupt firms its people also run
address_firms               firms registered at its address (itself included)
turnover_12m_kzt            completed credits into its accounts, annualised over the data span
tax_paid_kzt, employees     as registered
out_total_kzt               completed debits from its accounts
out_cash_persons_kzt        of which cash withdrawals and payments to non-employee individuals
out_foreign_kzt             of which payments to counterparties abroad
person_payees               distinct non-employee individuals it paid
pep_links                   PEPs among its owners (any depth) and directors
bo_status                   ownership | control_only | none_identifiable (no natural person)
beneficial_owners           person_ids owning more than the threshold, largest first
controllers                 person_ids controlling it without (or besides) ownership
screening_hits              screening hits on it, its owners and controllers (0 without screening)
score                       0–100, the sum of ``contributions.points`` capped at 100
tier                        low | medium | high | very_high (cut points in risk_model.yaml)
contributions               list of {factor, value, strength, points, reason}, largest first
reasons                     the three largest reasons in one line
as_of                       the date measured at: last transaction day (or last registration)
data_version                fingerprint of the input tables
config_version              risk model and jurisdiction list versions, with a hash of both
==========================  ==================================================================

``data/entity_owners/`` — one row per (entity, holder, basis): ``basis`` is ``ownership``
(``role`` owner for a person, ``top_entity`` for an entity with no recorded owner above it,
with ``effective_share`` summed over ``n_paths`` simple paths, the longest ``depth`` steps,
and ``paths`` such as ``person:7 60.0% > entity:3 50.0% > entity:9``) or ``control``
(director, trustee, settlor, beneficiary, nominee; ``… of holder`` when the person controls a
structure that holds the entity above the threshold). ``beneficial_owner`` is true for a
person whose effective share passes the threshold.
"""

from __future__ import annotations

import pyarrow as pa

RISK_TABLE = "entity_risk"
OWNERS_TABLE = "entity_owners"
SCREENING_TABLE = "screening_hits"

CONTRIBUTION = pa.struct(
    [
        pa.field("factor", pa.string()),
        pa.field("value", pa.string()),
        pa.field("strength", pa.float64()),
        pa.field("points", pa.float64()),
        pa.field("reason", pa.string()),
    ]
)
