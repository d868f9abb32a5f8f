SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  CAST(c.signed AS TIMESTAMPTZ) AS window_start,
  CAST(c.delivery_due AS TIMESTAMPTZ) AS window_end,
  1.0 AS score,
  {'prepay_pct': c.prepay_pct, 'days_overdue': DATE_DIFF('DAY', c.delivery_due, CAST(CAST('2024-07-01 00:00:00' AS TIMESTAMPTZ) AS DATE))} AS metrics,
  ARRAY_AGG(t.txn_id) AS evidence
FROM trade_contracts AS c
LEFT JOIN transactions AS t
  ON t.contract_id = c.contract_id
WHERE
  c.direction = 'import'
  AND c.prepay_pct >= 0.9
  AND c.delivery_due + INTERVAL (
    30
  ) DAY < CAST(CAST('2024-07-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
  AND NOT EXISTS(
    SELECT
      1
    FROM customs_declarations AS d
    WHERE
      d.contract_id = c.contract_id AND d.direction = 'import'
  )
GROUP BY
  c.contract_id,
  c.signed,
  c.delivery_due,
  c.prepay_pct
