WITH ops AS (
  SELECT
    person_id,
    COUNT(*) AS n_ops,
    SUM(amount_kzt) AS ops_kzt,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts
  FROM sec_crypto
  WHERE
    licensed = FALSE
  GROUP BY
    person_id
), fiat AS (
  SELECT
    holder_id AS person_id,
    COUNT(*) AS n_payments,
    SUM(amount_kzt) AS paid_kzt,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts,
    COLLECT_LIST(txn_id) AS txns
  FROM sec_unlicensed_fiat
  WHERE
    holder_type = 'person'
  GROUP BY
    holder_id
)
SELECT
  'person' AS subject_type,
  COALESCE(o.person_id, f.person_id) AS subject_id,
  LEAST(COALESCE(o.first_ts, f.first_ts), COALESCE(f.first_ts, o.first_ts)) AS window_start,
  GREATEST(COALESCE(o.last_ts, f.last_ts), COALESCE(f.last_ts, o.last_ts)) AS window_end,
  CASE WHEN NOT o.person_id IS NULL THEN 1.0 ELSE 0.5 END AS score,
  STRUCT(
    COALESCE(o.n_ops, 0) AS platform_operations,
    COALESCE(o.ops_kzt, 0.0) AS operations_kzt,
    COALESCE(f.n_payments, 0) AS fiat_payments,
    COALESCE(f.paid_kzt, 0.0) AS fiat_paid_kzt
  ) AS metrics,
  COALESCE(f.txns, ARRAY()) AS evidence
FROM ops AS o
FULL OUTER JOIN fiat AS f
  ON f.person_id = o.person_id
WHERE
  NOT o.person_id IS NULL OR f.paid_kzt >= 0
