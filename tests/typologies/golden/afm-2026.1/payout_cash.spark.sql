WITH cash AS (
  SELECT
    a.customer_id AS person_id,
    o.txn_id,
    o.ts,
    o.amount_kzt,
    o.atm_id,
    o.channel
  FROM cash_op AS o
  JOIN acct AS a
    ON a.account_id = o.account_id AND a.customer_type = 'person'
  WHERE
    o.type = 'cash_withdrawal'
    AND a.customer_id IN (
      SELECT
        person_id
      FROM firm_payout
    )
)
SELECT
  f.txn_id,
  f.ts,
  f.amount_kzt,
  f.type,
  f.knp,
  f.payer_account,
  f.payer_entity,
  f.account_id,
  f.person_id,
  LEAST(f.amount_kzt, COALESCE(SUM(c.amount_kzt), 0)) AS cashed_kzt,
  COUNT(c.txn_id) AS cash_ops,
  COUNT(DISTINCT c.atm_id) AS atms,
  COUNT_IF(c.channel = 'branch') AS desk_ops,
  MAX(c.ts) AS last_cash
FROM firm_payout AS f
LEFT JOIN cash AS c
  ON c.person_id = f.person_id AND c.ts > f.ts AND c.ts <= f.ts + INTERVAL '48' HOUR
GROUP BY
  f.txn_id,
  f.ts,
  f.amount_kzt,
  f.type,
  f.knp,
  f.payer_account,
  f.payer_entity,
  f.account_id,
  f.person_id
