"""SQL for the account graph features (DuckDB dialect; built here, run by ``kuzet.engine``).

These functions only build SQL; ``_features`` runs it through a ``Backend`` after the dialect
has translated it, so Spark computes the same aggregates. Everything that is a grouping or a
join over the transactions lives here: fan-in and fan-out per window, pass-through, delays,
two-hop flows (relays and scatter-gather), account age and income, shared devices, and the
neighbourhood aggregates. Cycles, stacks and rings are searches over a pruned graph and live
in ``_graph`` (rustworkx), because a bounded search is the wrong shape for SQL joins once a
month of payments forms a giant strongly connected component.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

TX = "net_tx"
EXT = "net_ext"
INTERNAL = "net_internal"
HUBS = "net_hubs"
HOP2 = "net_hop2"
RELAY_DEBITS = "net_relay_debits"
LINKS = "net_links"

DAY = 86_400
RELAY_SECONDS = 3 * DAY
"""A relay: money leaves an account within 3 days of arriving."""
HOP_SECONDS = 7 * DAY
"""Two-hop flows (scatter-gather, cycle candidates) allow 7 days per hop."""
RELAY_MIN, RELAY_MAX = 0.65, 1.02
"""A relay debit brings what the account paid out over the last 3 days to 65-102% of what it
received over them: the money passed through (a drop keeps a cut, up to about a third)."""
HUB_TXNS = 150
"""Accounts with more internal credits or debits than this over the period are hubs (payroll,
billers, shops): they are never intermediaries of two-hop flows. Mules relay few payments."""
SHARED_MAX = 30
"""A device, IP or phone seen on more accounts than this is a carrier NAT or a shared terminal,
not a tie between people; it is ignored."""


def _epoch(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def tx_sql(start: dt.date | None, end: dt.date | None) -> str:
    """Completed payments in ``[start, end)`` with the columns the features need.

    Time is whole seconds since 1970 (UTC); bounds compare seconds too, so that both
    engines read the same instant whatever their timestamp literal rules.
    """
    sec = "CAST(floor(epoch(ts)) AS BIGINT)"
    where = ["status = 'completed'", "(src_account_id IS NOT NULL OR dst_account_id IS NOT NULL)"]
    if start is not None:
        where.append(f"{sec} >= {_epoch(start)}")
    if end is not None:
        where.append(f"{sec} < {_epoch(end)}")
    return f"""
SELECT src_account_id AS src, dst_account_id AS dst, cp_iban AS cp, {sec} AS sec,
       CAST(amount_kzt AS DOUBLE) AS amt, type IN ('cash_withdrawal') AS cash_out
FROM transactions
WHERE {" AND ".join(where)}"""


def external_ids_sql() -> str:
    """Counterparty accounts outside the data (by IBAN) as negative ids, so that a leg out to
    an account abroad and a leg back in from it close a cycle."""
    return f"""
SELECT cp, -row_number() OVER (ORDER BY cp) AS ext_id
FROM (SELECT DISTINCT cp FROM {TX} WHERE cp IS NOT NULL AND (src IS NULL OR dst IS NULL)) t"""


def internal_sql() -> str:
    """Payments between two accounts, ours or outside (the edges of the money graph)."""
    return f"""
SELECT coalesce(t.src, e.ext_id) AS src, coalesce(t.dst, e.ext_id) AS dst, t.sec, t.amt
FROM {TX} t LEFT JOIN {EXT} e ON e.cp = t.cp AND (t.src IS NULL OR t.dst IS NULL)
WHERE coalesce(t.src, e.ext_id) IS NOT NULL AND coalesce(t.dst, e.ext_id) IS NOT NULL
  AND coalesce(t.src, e.ext_id) <> coalesce(t.dst, e.ext_id)"""


def hubs_sql() -> str:
    return f"""
SELECT account_id FROM (
    SELECT dst AS account_id, count(*) AS n FROM {INTERNAL} GROUP BY dst
    UNION ALL
    SELECT src, count(*) FROM {INTERNAL} GROUP BY src) t
GROUP BY account_id HAVING max(n) > {HUB_TXNS}"""


def window_sql(days: int) -> str:
    """Fan-in, fan-out, pass-through and gather-scatter of each account's busiest window."""
    w = f"{days}d"
    b = f"CAST(floor(sec / {days * DAY}) AS BIGINT)"
    side = """count(*) AS n,
           count(DISTINCT {cp_col}) + count(DISTINCT CASE WHEN {cp_col} IS NULL THEN cp END) AS d,
           sum(amt) AS a"""
    return f"""
WITH i AS (
    SELECT dst AS account_id, {b} AS b, {side.format(cp_col="src")}
    FROM {TX} WHERE dst IS NOT NULL GROUP BY dst, {b}),
o AS (
    SELECT src AS account_id, {b} AS b, {side.format(cp_col="dst")}
    FROM {TX} WHERE src IS NOT NULL GROUP BY src, {b}),
j AS (
    SELECT coalesce(i.account_id, o.account_id) AS account_id,
           coalesce(i.n, 0) AS in_n, coalesce(i.d, 0) AS in_d, coalesce(i.a, 0) AS in_a,
           coalesce(o.n, 0) AS out_n, coalesce(o.d, 0) AS out_d, coalesce(o.a, 0) AS out_a
    FROM i FULL OUTER JOIN o ON i.account_id = o.account_id AND i.b = o.b)
SELECT account_id,
       max(in_n) AS in_count_{w}, max(in_d) AS in_distinct_{w}, max(in_a) AS in_amount_{w},
       max(out_n) AS out_count_{w}, max(out_d) AS out_distinct_{w},
       max(out_a) AS out_amount_{w},
       max(CASE WHEN in_a > 0 AND out_a > 0 THEN least(in_a, out_a) / greatest(in_a, out_a)
                ELSE 0.0 END) AS pass_through_ratio_{w},
       max(least(in_d, out_d)) AS gather_scatter_{w}
FROM j GROUP BY account_id"""


def forwarding_sql() -> str:
    """For each credit, the next debit of the same account: share forwarded in 24 h, delay."""
    return f"""
WITH legs AS (
    SELECT dst AS account_id, sec, 1 AS inbound FROM {TX} WHERE dst IS NOT NULL
    UNION ALL
    SELECT src, sec, 0 FROM {TX} WHERE src IS NOT NULL),
nx AS (
    SELECT account_id, sec, inbound,
           min(CASE WHEN inbound = 0 THEN sec END) OVER (
               PARTITION BY account_id ORDER BY sec, inbound
               ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_out
    FROM legs)
SELECT account_id,
       avg(CASE WHEN next_out - sec <= {DAY} THEN 1.0 ELSE 0.0 END) AS forwarded_share_24h,
       coalesce(avg(least(next_out - sec, {7 * DAY})) / 3600.0, 0.0)
           AS pass_through_delay_hours
FROM nx WHERE inbound = 1 GROUP BY account_id"""


def relay_debits_sql() -> str:
    """Debits that complete a pass-through (see ``RELAY_MIN``); ``c`` is the receiving account
    when it is one of ours (null for cash, card and foreign payments).

    For each debit, credits and debits of the same account over the 3 days up to it are
    summed (a range window, on both engines); a debit is a relay when the debits reach
    65-102% of the credits. A gathered lump, a scattered sum and a single hop all qualify;
    a payment to another account of the same holder (moving one's own money) does not.
    Cash withdrawals and payments abroad pass money on too (a drop's usual way out).
    """
    frame = (
        "PARTITION BY account_id ORDER BY sec"
        f" RANGE BETWEEN {RELAY_SECONDS} PRECEDING AND CURRENT ROW"
    )
    return f"""
WITH legs AS (
    SELECT dst AS account_id, sec, amt AS a_in, 0.0 AS a_out, CAST(NULL AS BIGINT) AS cp
    FROM {TX} WHERE dst IS NOT NULL
    UNION ALL
    SELECT src, sec, 0.0, amt, dst FROM {TX} WHERE src IS NOT NULL),
w AS (
    SELECT account_id, sec, a_out, cp,
           sum(a_in) OVER ({frame}) AS in3,
           sum(a_out) OVER ({frame}) AS out3
    FROM legs)
SELECT DISTINCT w.account_id AS m, w.cp AS c, w.sec AS t2 FROM w
LEFT JOIN accounts x ON x.account_id = w.account_id
LEFT JOIN accounts y ON y.account_id = w.cp
WHERE w.a_out > 0 AND w.in3 > 0
  AND w.out3 BETWEEN {RELAY_MIN} * w.in3 AND {RELAY_MAX} * w.in3
  AND (y.account_id IS NULL OR x.holder_type <> y.holder_type OR x.holder_id <> y.holder_id)"""


def hop2_sql() -> str:
    """Two-hop flows a → m → c, the second payment within 7 days after the first.

    Hubs are never the middle account (see ``HUB_TXNS``). ``relay`` marks a hop whose second
    payment is a relay debit (``relay_debits_sql``) made within 3 days of the first.
    """
    return f"""
SELECT e1.src AS a, e1.dst AS m, e2.dst AS c, e1.sec AS t1, e2.sec AS t2,
       e2.sec - e1.sec <= {RELAY_SECONDS} AND r.m IS NOT NULL AS relay
FROM {INTERNAL} e1
JOIN {INTERNAL} e2 ON e2.src = e1.dst
LEFT JOIN {RELAY_DEBITS} r ON r.m = e2.src AND r.c = e2.dst AND r.t2 = e2.sec
WHERE e2.sec >= e1.sec AND e2.sec <= e1.sec + {HOP_SECONDS} AND e2.dst <> e1.src
  AND e1.dst NOT IN (SELECT account_id FROM {HUBS})"""


def flow_counts_sql() -> str:
    """Per account: relays through it and the widest scatter-gather ending at it."""
    return f"""
WITH r AS (SELECT m AS account_id, count(*) AS relay_paths FROM {HOP2} WHERE relay GROUP BY m),
sg AS (
    SELECT c AS account_id, max(n) AS scatter_gather FROM (
        SELECT a, c, count(DISTINCT m) AS n FROM {HOP2} GROUP BY a, c) t
    WHERE n >= 2 GROUP BY c)
SELECT coalesce(r.account_id, sg.account_id) AS account_id,
       coalesce(r.relay_paths, 0) AS relay_paths, coalesce(sg.scatter_gather, 0) AS scatter_gather
FROM r FULL OUTER JOIN sg ON r.account_id = sg.account_id"""


def relay_hops_sql() -> str:
    """The relay hops themselves: (a, m, c) with the times of both payments."""
    return f"SELECT a, m, c, t1, t2 FROM {HOP2} WHERE relay"


def cycle_candidate_edges_sql() -> str:
    """Payments that can lie on a cycle of layering: the receiver paid someone else within 3
    days after, or the payer had been paid within 3 days before (every payment of a cycle
    whose hops take under 3 days is one or the other); neither end is a hub. Amounts are
    not looked at."""
    return f"""
WITH fast AS (SELECT a, m, c, t1, t2 FROM {HOP2} WHERE t2 - t1 <= {RELAY_SECONDS}),
legs AS (SELECT a AS src, m AS dst, t1 AS sec FROM fast
         WHERE a NOT IN (SELECT account_id FROM {HUBS})
         UNION SELECT m, c, t2 FROM fast WHERE c NOT IN (SELECT account_id FROM {HUBS}))
SELECT DISTINCT i.src, i.dst, i.sec, i.amt
FROM legs h JOIN {INTERNAL} i ON i.src = h.src AND i.dst = h.dst AND i.sec = h.sec"""


def profile_sql(end: dt.date | None) -> str:
    """Age, degree and turnover of each account, against its age and declared income."""
    as_of = (
        f"DATE '{end.isoformat()}'"
        if end is not None
        else f"""(SELECT CAST(to_timestamp(
        max(sec) + 1) AS DATE) FROM {TX})"""
    )
    return f"""
WITH legs AS (
    SELECT dst AS account_id, src AS cp, amt, amt AS amt_in, sec FROM {TX} WHERE dst IS NOT NULL
    UNION ALL
    SELECT src, dst, amt, 0.0, sec FROM {TX} WHERE src IS NOT NULL),
span AS (SELECT greatest((max(sec) - min(sec)) / {DAY}.0, 1.0) AS days FROM {TX}),
g AS (
    SELECT account_id, count(DISTINCT cp) AS degree_total, sum(amt) AS turnover_amount,
           sum(amt_in) AS in_total
    FROM legs GROUP BY account_id),
p AS (
    SELECT a.account_id, a.opened,
           CASE WHEN a.holder_type = 'person' THEN CAST(pr.declared_income_kzt AS DOUBLE)
           END AS income
    FROM accounts a
    LEFT JOIN persons pr ON a.holder_type = 'person' AND pr.person_id = a.holder_id)
SELECT g.account_id,
       CAST(coalesce(greatest(date_diff('day', p.opened, {as_of}), 0), 0) AS BIGINT)
           AS account_age_days,
       g.degree_total,
       g.degree_total / greatest(least(coalesce(date_diff('day', p.opened, {as_of}), span.days),
                                       span.days), 1.0) AS degree_per_age_day,
       g.turnover_amount,
       CASE WHEN p.income > 0 THEN g.in_total / p.income * 30.0 / span.days ELSE 0.0 END
           AS turnover_to_income
FROM g CROSS JOIN span LEFT JOIN p ON p.account_id = g.account_id"""


def device_links_sql() -> str:
    """Account pairs of different holders that share a device, an IP or a phone.

    Devices come from ``devices`` (tied to an account, or to every account of the party),
    from the device and IP of payments, and from the phone of persons. A value seen on more
    than ``SHARED_MAX`` accounts is ignored (carrier NAT, a shop's terminal).
    """
    return f"""
WITH acc AS (SELECT account_id, holder_type, holder_id FROM accounts),
seen AS (
    SELECT 'device' AS kind, d.device_id AS v, coalesce(d.account_id, a.account_id) AS account_id
    FROM devices d LEFT JOIN acc a ON d.account_id IS NULL
        AND a.holder_type = d.party_type AND a.holder_id = d.party_id
    UNION SELECT 'ip', d.ip, coalesce(d.account_id, a.account_id)
    FROM devices d LEFT JOIN acc a ON d.account_id IS NULL
        AND a.holder_type = d.party_type AND a.holder_id = d.party_id
    WHERE d.ip IS NOT NULL
    UNION SELECT 'phone', d.phone, coalesce(d.account_id, a.account_id)
    FROM devices d LEFT JOIN acc a ON d.account_id IS NULL
        AND a.holder_type = d.party_type AND a.holder_id = d.party_id
    WHERE d.phone IS NOT NULL
    UNION SELECT 'phone', p.phone, a.account_id
    FROM persons p JOIN acc a ON a.holder_type = 'person' AND a.holder_id = p.person_id
    WHERE p.phone IS NOT NULL
    UNION SELECT 'device', device_id, src_account_id FROM transactions
    WHERE device_id IS NOT NULL AND src_account_id IS NOT NULL
    UNION SELECT 'ip', ip, src_account_id FROM transactions
    WHERE ip IS NOT NULL AND src_account_id IS NOT NULL),
s AS (
    SELECT s.kind, s.v, s.account_id, a.holder_type, a.holder_id FROM seen s
    JOIN acc a ON a.account_id = s.account_id
    WHERE s.v IS NOT NULL),
ok AS (SELECT kind, v FROM s GROUP BY kind, v
       HAVING count(DISTINCT account_id) BETWEEN 2 AND {SHARED_MAX})
SELECT DISTINCT x.kind, x.account_id AS a, y.account_id AS b
FROM s x JOIN ok ON ok.kind = x.kind AND ok.v = x.v
JOIN s y ON y.kind = x.kind AND y.v = x.v AND y.account_id <> x.account_id
WHERE x.holder_type <> y.holder_type OR x.holder_id <> y.holder_id"""


def shared_counts_sql() -> str:
    return f"""
SELECT a AS account_id,
       count(DISTINCT CASE WHEN kind = 'device' THEN b END) AS shared_device_accounts,
       count(DISTINCT CASE WHEN kind = 'ip' THEN b END) AS shared_ip_accounts,
       count(DISTINCT CASE WHEN kind = 'phone' THEN b END) AS shared_phone_accounts
FROM {LINKS} GROUP BY a"""


def neighbours_sql(base: str, largest_window: int) -> str:
    """Counterparties' features aggregated per account (``base`` holds the account features)."""
    return f"""
WITH n AS (
    SELECT DISTINCT src AS account_id, dst AS nb FROM {INTERNAL}
    UNION SELECT DISTINCT dst, src FROM {INTERNAL})
SELECT n.account_id, count(*) AS nbr_count,
       coalesce(max(f.forwarded_share_24h), 0.0) AS nbr_max_forwarded_share,
       coalesce(max(f.in_distinct_{largest_window}d), 0) AS nbr_max_in_distinct,
       count(CASE WHEN f.cycle_count > 0 THEN 1 END) AS nbr_cycle_accounts,
       count(CASE WHEN f.shared_device_accounts + f.shared_ip_accounts
                       + f.shared_phone_accounts > 0 THEN 1 END) AS nbr_shared_device_accounts
FROM n LEFT JOIN {base} f ON f.account_id = n.nb
GROUP BY n.account_id"""


def accounts_sql(extra: Sequence[str]) -> str:
    """Every account that has a row in ``accounts`` or appears in a payment."""
    parts = ["SELECT account_id FROM accounts", f"SELECT src FROM {TX} WHERE src IS NOT NULL"]
    parts += [f"SELECT dst FROM {TX} WHERE dst IS NOT NULL", *extra]
    return "SELECT DISTINCT account_id FROM (" + " UNION ALL ".join(parts) + ") t"
