WITH relays AS (
  SELECT
    *
  FROM relay
  WHERE
    NOT to_cash
    AND relayed_kzt >= 500000
    AND relayed_kzt >= 0.4 * inflow_kzt
    AND p2p_peak_senders < 8
), hubs AS (
  SELECT
    *
  FROM relays
  WHERE
    senders >= 3 AND recipients >= 3
), paid AS (
  SELECT
    f.other_account AS account_id,
    h.senders,
    h.recipients,
    f.txn_id,
    f.ts,
    f.amount_kzt
  FROM hubs AS h
  JOIN fast_out AS f
    ON f.account_id = h.account_id
  WHERE
    NOT f.other_account IS NULL
), layered AS (
  SELECT
    p.account_id
  FROM paid AS p
  JOIN relay AS q
    ON q.account_id = p.account_id
  GROUP BY
    p.account_id,
    q.big_in_kzt
  HAVING
    SUM(p.amount_kzt) >= 0.5 * q.big_in_kzt
), members AS (
  SELECT
    h.account_id,
    'hub' AS role,
    h.senders,
    h.recipients,
    b.txn_id,
    b.ts
  FROM hubs AS h
  JOIN big_flow AS b
    ON b.account_id = h.account_id
  UNION ALL
  SELECT
    p.account_id,
    'recipient',
    p.senders,
    p.recipients,
    p.txn_id,
    p.ts
  FROM paid AS p
  JOIN layered AS l
    ON l.account_id = p.account_id
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'hub_senders': MAX(senders), 'hub_recipients': MAX(recipients)} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM members
GROUP BY
  account_id
