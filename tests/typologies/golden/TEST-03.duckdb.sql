SELECT
  'person' AS subject_type,
  p.person_id AS subject_id,
  CAST('2024-06-01 00:00:00' AS TIMESTAMPTZ) AS window_start,
  CAST('2024-07-01 00:00:00' AS TIMESTAMPTZ) AS window_end,
  CASE WHEN SUM(d.credits_kzt) >= 2 * 500000 THEN 1.0 ELSE 0.7 END AS score,
  {'turnover_kzt': SUM(d.credits_kzt), 'birth_year': YEAR(p.birth_date)} AS metrics,
  ARRAY_AGG(DISTINCT a.account_id) AS evidence
FROM persons AS p
JOIN accounts AS a
  ON a.holder_type = 'person' AND a.holder_id = p.person_id
JOIN account_day AS d
  ON d.account_id = a.account_id
WHERE
  p.birth_date > CAST(CAST('2024-07-01 00:00:00' AS TIMESTAMPTZ) AS DATE) - INTERVAL (
    21
  ) YEAR
GROUP BY
  p.person_id,
  p.birth_date
HAVING
  SUM(d.credits_kzt) >= 500000
