WITH hit AS (
  SELECT
    p.holder,
    p.inflow_kzt,
    p.first_in,
    p.last_in,
    a.declared_income_kzt
  FROM person_p2p AS p
  JOIN acct AS a
    ON a.holder_type = 'person' AND a.holder_id = p.holder
  WHERE
    a.declared_income_kzt > 0
  GROUP BY
    p.holder,
    p.inflow_kzt,
    p.first_in,
    p.last_in,
    a.declared_income_kzt
  HAVING
    p.inflow_kzt >= 3.0 * a.declared_income_kzt
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  CAST(a.opened AS TIMESTAMP_NTZ) AS window_start,
  h.last_in AS window_end,
  LEAST(1.0, h.inflow_kzt / (
    2 * 3.0 * h.declared_income_kzt
  )) AS score,
  STRUCT(
    a.opened AS opened,
    h.inflow_kzt AS customer_inflow_kzt,
    h.declared_income_kzt AS declared_monthly_income_kzt
  ) AS metrics,
  COLLECT_LIST(a.account_id) AS evidence
FROM hit AS h
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = h.holder
WHERE
  a.opened >= CAST(h.first_in AS DATE) - INTERVAL '90' DAY
  AND a.opened <= CAST(h.last_in AS DATE)
GROUP BY
  a.account_id,
  a.opened,
  h.inflow_kzt,
  h.declared_income_kzt,
  h.last_in
