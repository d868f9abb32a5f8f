WITH hit AS (
  SELECT
    *
  FROM person_p2p
  WHERE
    inflow_kzt >= 300000 AND fast_cash_kzt >= 0.3 * inflow_kzt
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  MIN(h.first_in) AS window_start,
  MIN(h.last_out) AS window_end,
  LEAST(1.0, MIN(h.fast_cash_kzt) / MIN(h.inflow_kzt) + 0.1 * LEAST(3, MIN(h.fast_atms))) AS score,
  STRUCT(
    MIN(h.inflow_kzt) AS customer_inflow_kzt,
    MIN(h.fast_cash_kzt) AS cash_within_48h_kzt,
    MIN(h.fast_atms) AS atms
  ) AS metrics,
  COLLECT_LIST(d.txn_id) AS evidence
FROM hit AS h
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = h.holder
LEFT JOIN person_debit AS d
  ON d.account_id = a.account_id AND d.kind = 'cash'
WHERE
  a.opened <= CAST(h.last_in AS DATE)
GROUP BY
  a.account_id
