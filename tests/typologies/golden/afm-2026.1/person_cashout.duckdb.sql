WITH inflow AS (
  SELECT
    person_id,
    SUM(amount_kzt) AS inflow_kzt,
    COUNT(*) AS credits,
    COUNT(DISTINCT payer_account) AS payers,
    MIN(ts) AS first_in,
    MAX(ts) AS last_in
  FROM firm_payout
  GROUP BY
    person_id
), cash AS (
  SELECT
    a.customer_id AS person_id,
    o.txn_id,
    o.ts,
    o.amount_kzt,
    o.atm_id,
    o.channel
  FROM cash_op AS o
  JOIN acct AS a
    ON a.account_id = o.account_id
  JOIN inflow AS i
    ON i.person_id = a.customer_id
  WHERE
    o.type = 'cash_withdrawal' AND a.customer_type = 'person'
), fast AS (
  SELECT
    c.*
  FROM cash AS c
  WHERE
    EXISTS(
      SELECT
        1
      FROM firm_payout AS f
      WHERE
        f.person_id = c.person_id AND c.ts > f.ts AND c.ts <= f.ts + INTERVAL '48' HOUR
    )
), out AS (
  SELECT
    person_id,
    SUM(amount_kzt) AS cash_kzt,
    COUNT(*) AS cash_ops,
    COUNT(DISTINCT atm_id) AS atms,
    COUNT_IF(channel = 'branch') AS desk_ops,
    MAX(ts) AS last_out
  FROM fast
  GROUP BY
    person_id
)
SELECT
  i.person_id,
  i.inflow_kzt,
  i.credits,
  i.payers,
  i.first_in,
  i.last_in,
  COALESCE(o.cash_kzt, 0) AS cash_48h_kzt,
  COALESCE(o.cash_ops, 0) AS cash_ops,
  COALESCE(o.atms, 0) AS atms,
  COALESCE(o.desk_ops, 0) AS desk_ops,
  COALESCE(o.last_out, i.last_in) AS last_out,
  LEAST(1.0, COALESCE(o.cash_kzt, 0) / i.inflow_kzt) AS cash_share
FROM inflow AS i
LEFT JOIN out AS o
  ON o.person_id = i.person_id
