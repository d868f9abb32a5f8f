WITH per_person AS (
  SELECT
    person_id,
    first_ts,
    last_ts,
    cash_paid,
    deals
  FROM sec_cash_valuables
), own_cash AS (
  SELECT
    p.person_id,
    SUM(t.amount_kzt) AS withdrawn
  FROM per_person AS p
  JOIN sec_watch_txn AS t
    ON t.src_holder_type = 'person'
    AND t.src_holder_id = p.person_id
    AND t.type = 'cash_withdrawal'
    AND t.ts >= p.first_ts - INTERVAL '30' DAY
    AND t.ts <= p.last_ts
  GROUP BY
    p.person_id
), r AS (
  SELECT
    p.*,
    COALESCE(o.withdrawn, 0.0) AS withdrawn,
    p.cash_paid - COALESCE(o.withdrawn, 0.0) AS uncovered,
    CAST(pe.declared_income_kzt AS DOUBLE) AS income
  FROM per_person AS p
  JOIN persons AS pe
    ON pe.person_id = p.person_id
  LEFT JOIN own_cash AS o
    ON o.person_id = p.person_id
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  first_ts AS window_start,
  last_ts AS window_end,
  LEAST(
    1.0,
    0.875 + 0.125 * (
      (
        uncovered / GREATEST(COALESCE(income, 0), 1.0)
      ) / 3.0 - 1
    )
  ) AS score, /* past the line the purchase is the red flag itself (domain §6.5): 0.875 there, */ /* so that it alerts on its own (LUX typology: weight 0.8, threshold 0.7), rising */ /* to 1 at twice the line */
  STRUCT(
    cash_paid AS cash_paid_kzt,
    withdrawn AS own_withdrawals_kzt,
    uncovered AS uncovered_kzt,
    income AS declared_monthly_income
  ) AS metrics,
  deals AS evidence
FROM r
WHERE
  uncovered >= 1000000 AND uncovered > 3.0 * COALESCE(income, 0.0)
