WITH v AS (
  SELECT
    c.person_id,
    MIN(c.ts) AS first_ts,
    MAX(c.ts) AS last_ts,
    GREATEST(
      SUM(CASE WHEN c.direction IN ('buy', 'deposit') THEN c.amount_kzt ELSE 0 END),
      SUM(CASE WHEN c.direction IN ('sell', 'withdrawal') THEN c.amount_kzt ELSE 0 END)
    ) AS volume,
    ARRAY_AGG(c.transfer_id) AS ids
  FROM sec_crypto AS c
  GROUP BY
    c.person_id
), r AS (
  SELECT
    v.*,
    CAST(p.declared_income_kzt AS DOUBLE) AS income,
    GREATEST(1.0, (
      EPOCH(v.last_ts) - EPOCH(v.first_ts)
    ) / 86400.0 / 30.0) AS months
  FROM v
  JOIN persons AS p
    ON p.person_id = v.person_id
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  first_ts AS window_start,
  last_ts AS window_end,
  LEAST(1.0, 0.5 * (
    volume / months / GREATEST(income, 1.0)
  ) / 6.0) AS score,
  {'volume_kzt': volume, 'months': months, 'declared_income_kzt': income, 'income_months_per_month': volume / months / GREATEST(income, 1.0)} AS metrics,
  ids AS evidence
FROM r
WHERE
  volume >= 2000000 AND volume / months > 6.0 * COALESCE(income, 0.0)
