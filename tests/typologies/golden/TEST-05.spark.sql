SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  CAST(c.signed AS TIMESTAMP) AS window_start,
  CAST(c.delivery_due AS TIMESTAMP) AS window_end,
  1.0 AS score,
  STRUCT(
    c.prepay_pct AS prepay_pct,
    DATEDIFF(DAY, c.delivery_due, CAST(CAST('2024-07-01 00:00:00' AS TIMESTAMP) AS DATE)) AS days_overdue
  ) AS metrics,
  COLLECT_LIST(t.txn_id) AS evidence
FROM trade_contracts AS c
LEFT JOIN transactions AS t
  ON t.contract_id = c.contract_id
WHERE
  c.direction = 'import'
  AND c.prepay_pct >= 0.9
  AND c.delivery_due + INTERVAL '30' DAY < CAST(CAST('2024-07-01 00:00:00' AS TIMESTAMP) AS DATE)
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
