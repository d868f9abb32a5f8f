WITH transit AS (
  SELECT
    *
  FROM firm_cashout
  WHERE
    payees >= 3 AND cashout_share >= 0.6 AND paid_kzt >= 3000000
), feeder AS (
  SELECT
    f.*
  FROM firm_feeder AS f
  LEFT JOIN transit AS t
    ON t.account_id = f.account_id
  WHERE
    t.account_id IS NULL
    AND f.feed_share >= 0.6
    AND f.fed_kzt >= 3000000
    AND f.no_upkeep
), cashed AS (
  SELECT
    c.person_id,
    MIN(c.ts) AS first_ts,
    COALESCE(MAX(c.last_cash), MAX(c.ts)) AS last_ts,
    SUM(c.cashed_kzt) / SUM(c.amount_kzt) AS cash_share,
    SUM(c.amount_kzt) AS received_kzt,
    MAX(c.atms) AS atms
  FROM transit AS t
  JOIN payout_cash AS c
    ON c.payer_account = t.account_id
  LEFT JOIN relations AS e
    ON e.kind = 'employee'
    AND e.src_type = 'person'
    AND e.src_id = c.person_id
    AND e.dst_type = 'entity'
    AND e.dst_id = t.entity_id
  WHERE
    e.relation_id IS NULL
  GROUP BY
    c.person_id
  HAVING
    SUM(c.cashed_kzt) >= 0.5 * SUM(c.amount_kzt)
), payee AS (
  SELECT
    a.account_id,
    MIN(c.first_ts) AS first_ts,
    MAX(c.last_ts) AS last_ts,
    MAX(c.cash_share) AS cash_share,
    SUM(c.received_kzt) AS received_kzt,
    MAX(c.atms) AS atms,
    COLLECT_LIST(f.txn_id) AS txns
  FROM cashed AS c
  JOIN acct AS a
    ON a.customer_type = 'person' AND a.customer_id = c.person_id
  LEFT JOIN firm_payout AS f
    ON f.account_id = a.account_id
    AND f.payer_account IN (
      SELECT
        account_id
      FROM transit
    )
  GROUP BY
    a.account_id
)
SELECT
  'account' AS subject_type,
  t.account_id AS subject_id,
  MIN(t.first_ts) AS window_start,
  MAX(t.last_ts) AS window_end,
  LEAST(1.0, MAX(t.cashout_share)) AS score,
  STRUCT(
    'transit company' AS role,
    MAX(t.payees) AS payees,
    MAX(t.paid_kzt) AS paid_kzt,
    MAX(t.cashed_kzt) AS cash_within_48h_kzt,
    MAX(t.payer_firms) AS paying_firms
  ) AS metrics,
  COLLECT_LIST(f.txn_id) AS evidence
FROM transit AS t
JOIN firm_payout AS f
  ON f.payer_account = t.account_id
GROUP BY
  t.account_id
UNION ALL
SELECT
  'account',
  account_id,
  first_ts,
  last_ts,
  LEAST(1.0, feed_share),
  STRUCT(
    'first-tier company' AS role,
    0 AS payees,
    inflow_kzt AS paid_kzt,
    fed_kzt AS cash_within_48h_kzt,
    0 AS paying_firms
  ),
  txns
FROM feeder
UNION ALL
SELECT
  'account',
  account_id,
  first_ts,
  last_ts,
  LEAST(1.0, cash_share),
  STRUCT(
    'cash-out payee' AS role,
    0 AS payees,
    received_kzt AS paid_kzt,
    received_kzt * cash_share AS cash_within_48h_kzt,
    atms AS paying_firms
  ),
  txns
FROM payee
