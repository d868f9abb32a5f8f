SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  p.first_in AS window_start,
  p.last_in AS window_end,
  LEAST(1.0, p.inflow_kzt / (
    4.0 * 500000
  )) AS score,
  STRUCT(YEAR(a.birth_date) AS birth_year, p.inflow_kzt AS customer_inflow_kzt) AS metrics,
  COLLECT_LIST(a.account_id) AS evidence
FROM person_p2p AS p
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = p.holder
WHERE
  a.birth_date > CAST(p.last_in AS DATE) - INTERVAL '21' YEAR
  AND p.inflow_kzt >= 500000
  AND a.opened <= CAST(p.last_in AS DATE)
GROUP BY
  a.account_id,
  a.birth_date,
  p.first_in,
  p.last_in,
  p.inflow_kzt
