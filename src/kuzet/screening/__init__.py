"""Screening: names against sanctions and TF/PF lists, wallets against the FMA's registries.

Public API (nothing else is imported across rooms):

- ``Matcher(entries).match(Query(...))`` → ``list[Match]``; ``Match.explain()`` says which
  query name met which list name, word by word with each rule, and each feature's weight.
- ``ListStore(root).load(list_id, path, fmt)`` → ``Diff``; ``load_file``, ``FORMATS``
  (``un-xml``, ``csv``, ``json``, ``ftm``); ``ListFormatError`` names file, line, field.
- ``check(address, chain)`` and ``BitcoinAddress / EthereumAddress / TronAddress``;
  ``Registry(root)`` for the wallet and platform registries (CSV/YAML import, ``export``).
- ``run(workspace)`` screens a workspace and writes the tables below.

Tables written to the workspace (``data/<table>/``), read by the typology engine:

``screening_hits`` (PF-01): ``party_type`` (person | entity | counterparty), ``party_id``
(null for counterparties), ``party_name``, ``role`` (customer | counterparty |
owned_by_listed), ``list_id``, ``entry_id``, ``list_name``, ``score`` (0–1), ``rules``
(comma-joined word rules), ``explanation`` (JSON of ``Match.to_dict()``),
``via_party_type``/``via_party_id`` (the listed owner, for ``owned_by_listed``).

``wallet_exposure`` (VA-05): ``person_id``, ``transfer_id``, ``chain``, ``wallet`` (the
customer side), ``counterparty``, ``hops`` (1 direct, 2 through ``via_address``),
``via_address``, ``listed_address``, ``category``, ``confidence``, ``source``.

``platform_payments`` (VA-01): ``txn_id``, ``ts``, ``src_account_id``, ``amount_kzt``,
``platform``, ``matched_on`` (merchant_id | terminal_id | iban), ``matched_value``.

Lists and registries are versioned under ``<workspace>/_kuzet/lists`` and ``…/registry``.
"""

from kuzet.screening.crypto import Registry, check
from kuzet.screening.lists import Diff, ListFormatError, ListStore, load_file
from kuzet.screening.matcher import DEFAULT_THRESHOLD, Match, Matcher
from kuzet.screening.model import Alias, BirthDate, ListEntry, Query
from kuzet.screening.run import run

__all__ = [
    "DEFAULT_THRESHOLD",
    "Alias",
    "BirthDate",
    "Diff",
    "ListEntry",
    "ListFormatError",
    "ListStore",
    "Match",
    "Matcher",
    "Query",
    "Registry",
    "check",
    "load_file",
    "run",
]
