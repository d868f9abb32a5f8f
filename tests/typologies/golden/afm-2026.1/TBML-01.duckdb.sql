WITH paid AS (
  SELECT
    contract_id,
    SUM(amount_kzt) AS paid_kzt,
    ARRAY_AGG(txn_id) AS txns
  FROM sec_trade_payment
  WHERE
    direction = 'import' AND NOT src_account_id IS NULL
  GROUP BY
    contract_id
)
SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  c.signed AS window_start,
  h.as_of AS window_end,
  LEAST(1.0, p.paid_kzt / c.amount_kzt) AS score,
  {'prepay_pct': c.prepay_pct, 'paid_kzt': p.paid_kzt, 'amount_kzt': c.amount_kzt, 'delivery_due': c.delivery_due, 'days_overdue': DATE_DIFF('DAY', c.delivery_due, h.as_of)} AS metrics,
  p.txns AS evidence
FROM sec_contract AS c
JOIN paid AS p
  ON p.contract_id = c.contract_id
CROSS JOIN sec_horizon AS h
WHERE
  c.direction = 'import'
  AND c.prepay_pct >= 0.9
  AND p.paid_kzt >= 0.5 * c.amount_kzt
  AND c.delivery_due + INTERVAL (
    0
  ) DAY < h.as_of
  AND NOT EXISTS(
    SELECT
      1
    FROM customs_declarations AS d
    WHERE
      d.contract_id = c.contract_id AND d.direction = 'import' AND d.declared <= h.as_of
  )
