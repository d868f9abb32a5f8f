"""What each graph feature means, in words an investigator reads (a contract for packs and models).

Every column of ``account_graph_features`` is described by one ``FeatureSpec``. Windowed
features carry the window in their name (``in_count_7d``); their value is the figure of the
account's busiest window of that length: days are cut into fixed windows (day number since
1970 divided by the window length), the feature is measured in each, and the largest is kept.
Fixed windows are cheap in SQL on both engines; a burst that straddles two windows is seen
halved, which the shorter and longer windows side by side make up for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_WINDOWS: tuple[int, ...] = (7, 30)
"""Window lengths in days that ``build_features`` and the declared table use by default."""


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """One feature column: its name, its meaning and whether it is derived from amounts."""

    column: str
    text: str
    """A sentence about the account, with ``{value}`` where the figure goes."""
    uses_amounts: bool = False
    integer: bool = False
    """Stored as int64 (counts, days); otherwise float64."""

    def explain(self, value: float) -> str:
        return self.text.format(value=value)


def _windowed(days: int) -> list[FeatureSpec]:
    w = f"{days}d"
    within = f"within {days} days"
    return [
        FeatureSpec(f"in_count_{w}", f"received {{value:.0f}} credits {within}", integer=True),
        FeatureSpec(
            f"in_distinct_{w}",
            f"received from {{value:.0f}} distinct senders {within}",
            integer=True,
        ),
        FeatureSpec(f"in_amount_{w}", f"received {{value:,.0f}} KZT {within}", uses_amounts=True),
        FeatureSpec(f"out_count_{w}", f"made {{value:.0f}} debits {within}", integer=True),
        FeatureSpec(
            f"out_distinct_{w}", f"paid {{value:.0f}} distinct receivers {within}", integer=True
        ),
        FeatureSpec(f"out_amount_{w}", f"paid out {{value:,.0f}} KZT {within}", uses_amounts=True),
        FeatureSpec(
            f"pass_through_ratio_{w}",
            f"passed on {{value:.0%}} of what it received {within} (smaller of in and out"
            " over the larger)",
            uses_amounts=True,
        ),
        FeatureSpec(
            f"gather_scatter_{w}",
            f"gathered from and scattered to {{value:.0f}} counterparties {within}"
            " (the smaller of distinct senders and receivers in one window)",
            integer=True,
        ),
    ]


_FIXED: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "forwarded_share_24h",
        "forwarded {value:.0%} of its incoming credits: a debit followed within 24 hours",
    ),
    FeatureSpec(
        "pass_through_delay_hours",
        "waited {value:.1f} hours on average between a credit and the next debit (capped at"
        " 7 days; 0 when no credit was followed by a debit)",
    ),
    FeatureSpec(
        "relay_paths",
        "relayed money {value:.0f} times: a credit from one account followed within 3 days by"
        " a debit to another that brought its 3-day outflow to 80-102% of its 3-day inflow",
        uses_amounts=True,
        integer=True,
    ),
    FeatureSpec(
        "scatter_gather",
        "is the end point of a scatter-gather: {value:.0f} intermediaries each received money"
        " from one common source and passed it on to this account within 7 days",
        integer=True,
    ),
    FeatureSpec(
        "stack_depth",
        "sits in a chain of {value:.0f} accounts, each passing money on to the next within"
        " 3 days (a stack; 1 when it relays nothing)",
        uses_amounts=True,
        integer=True,
    ),
    FeatureSpec(
        "cycle_count",
        "took part in {value:.0f} money cycles of 3 to 6 hops within 30 days, each payment"
        " made after the one before and passed on within 3 days",
        integer=True,
    ),
    FeatureSpec(
        "cycle_max_hops",
        "the longest of its money cycles had {value:.0f} hops",
        integer=True,
    ),
    FeatureSpec(
        "relay_cycle_count",
        "took part in {value:.0f} money cycles in which every payment was 65-102% of the one"
        " before (a fee kept at each hop)",
        uses_amounts=True,
        integer=True,
    ),
    FeatureSpec("account_age_days", "was opened {value:.0f} days before the end", integer=True),
    FeatureSpec(
        "degree_total",
        "dealt with {value:.0f} distinct counterparties over the period",
        integer=True,
    ),
    FeatureSpec(
        "degree_per_age_day",
        "dealt with {value:.2f} new counterparties per day of the account's life in the period",
    ),
    FeatureSpec(
        "turnover_amount",
        "turned over {value:,.0f} KZT (credits plus debits) over the period",
        uses_amounts=True,
    ),
    FeatureSpec(
        "turnover_to_income",
        "received {value:.1f} times its holder's declared monthly income per 30 days"
        " (0 when no income is declared)",
        uses_amounts=True,
    ),
    FeatureSpec(
        "shared_device_accounts",
        "shares a device with {value:.0f} accounts of other holders",
        integer=True,
    ),
    FeatureSpec(
        "shared_ip_accounts",
        "shares an IP address with {value:.0f} accounts of other holders",
        integer=True,
    ),
    FeatureSpec(
        "shared_phone_accounts",
        "shares a phone number with {value:.0f} accounts of other holders",
        integer=True,
    ),
    FeatureSpec(
        "nbr_count",
        "exchanged money with {value:.0f} accounts of this bank (in either direction)",
        integer=True,
    ),
    FeatureSpec(
        "nbr_max_forwarded_share",
        "its most forwarding counterparty passed on {value:.0%} of its credits within 24 hours",
    ),
    FeatureSpec(
        "nbr_max_in_distinct",
        "its busiest counterparty received from {value:.0f} distinct senders in one window"
        " (the longest window)",
        integer=True,
    ),
    FeatureSpec(
        "nbr_cycle_accounts",
        "exchanged money with {value:.0f} accounts that are on a money cycle",
        integer=True,
    ),
    FeatureSpec(
        "nbr_shared_device_accounts",
        "exchanged money with {value:.0f} accounts that share a device, IP or phone with"
        " other holders",
        integer=True,
    ),
    FeatureSpec(
        "ring_size",
        "belongs to a ring of {value:.0f} accounts tied by relayed money, cycles and shared"
        " devices (0 when in none)",
        uses_amounts=True,  # a relay passes on 65-102% of what came in
        integer=True,
    ),
)


def feature_specs(windows_days: Sequence[int] = DEFAULT_WINDOWS) -> dict[str, FeatureSpec]:
    """The feature columns for these windows, in table order (``account_id`` comes first)."""
    out: dict[str, FeatureSpec] = {}
    for days in sorted(set(windows_days)):
        if days < 1:
            raise ValueError(f"a window must last at least one day, got {days}")
        out.update((s.column, s) for s in _windowed(days))
    out.update((s.column, s) for s in _FIXED)
    return out


FEATURES: Mapping[str, FeatureSpec] = feature_specs(DEFAULT_WINDOWS)
"""Every column of ``account_graph_features`` with the default windows."""
