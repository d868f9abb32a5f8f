WITH relays AS (
  SELECT
    *
  FROM relay
  WHERE
    NOT to_cash
    AND relayed_kzt >= 500000
    AND relayed_kzt >= 0.4 * inflow_kzt
    AND p2p_peak_senders < 8
), leg1 AS (
  SELECT
    b.account_id AS source,
    b.other_account AS relay,
    b.txn_id,
    b.ts
  FROM big_flow AS b
  JOIN relays AS r
    ON r.account_id = b.other_account
  WHERE
    b.dir = 'out'
), leg2 AS (
  SELECT
    f.account_id AS relay,
    f.other_account AS beneficiary,
    f.txn_id,
    f.ts
  FROM fast_out AS f
  JOIN relays AS r
    ON r.account_id = f.account_id
  WHERE
    NOT f.other_account IS NULL
), paths AS (
  SELECT
    l1.source,
    l1.relay,
    l2.beneficiary,
    l1.txn_id AS t1,
    l2.txn_id AS t2,
    l1.ts AS start_ts,
    l2.ts AS end_ts
  FROM leg1 AS l1
  JOIN leg2 AS l2
    ON l2.relay = l1.relay AND l2.ts > l1.ts AND l2.ts <= l1.ts + INTERVAL '72' HOUR
  WHERE
    l2.beneficiary <> l1.source
), shapes AS (
  SELECT
    source,
    beneficiary
  FROM paths
  GROUP BY
    source,
    beneficiary
  HAVING
    COUNT(DISTINCT relay) >= 3
), members AS (
  SELECT
    p.source AS account_id,
    'source' AS role,
    p.relay,
    p.t1 AS txn_id,
    p.start_ts,
    p.end_ts
  FROM paths AS p
  JOIN shapes AS s
    ON s.source = p.source AND s.beneficiary = p.beneficiary
  UNION ALL
  SELECT
    p.relay,
    'relay',
    p.relay,
    p.t2,
    p.start_ts,
    p.end_ts
  FROM paths AS p
  JOIN shapes AS s
    ON s.source = p.source AND s.beneficiary = p.beneficiary
  UNION ALL
  SELECT
    p.beneficiary,
    'beneficiary',
    p.relay,
    p.t2,
    p.start_ts,
    p.end_ts
  FROM paths AS p
  JOIN shapes AS s
    ON s.source = p.source AND s.beneficiary = p.beneficiary
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(start_ts) AS window_start,
  MAX(end_ts) AS window_end,
  1.0 AS score,
  STRUCT(MIN(role) AS role, COUNT(DISTINCT relay) AS relays) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM members
GROUP BY
  account_id
