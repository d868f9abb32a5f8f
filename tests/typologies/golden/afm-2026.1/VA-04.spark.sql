WITH wd AS (
  SELECT
    transfer_id,
    person_id,
    platform_id,
    ts,
    amount_kzt
  FROM sec_crypto
  WHERE
    direction = 'withdrawal' AND amount_kzt >= 1000000
), arrivals AS (
  SELECT
    w.transfer_id AS wd_id,
    w.person_id,
    w.ts,
    w.amount_kzt AS withdrawn,
    i.transfer_id AS in_id,
    i.amount_kzt AS arrived
  FROM wd AS w
  JOIN sec_crypto AS i
    ON i.person_id = w.person_id
    AND i.platform_id = w.platform_id
    AND i.direction IN ('buy', 'deposit')
    AND i.ts < w.ts
    AND i.ts >= w.ts - INTERVAL '7' DAY
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM sec_crypto AS x
      WHERE
        x.person_id = w.person_id
        AND x.platform_id = w.platform_id
        AND x.direction = 'sell'
        AND x.ts < w.ts
        AND x.ts >= w.ts - INTERVAL '7' DAY
    )
), per_wd AS (
  SELECT
    wd_id,
    person_id,
    ANY_VALUE(ts) IGNORE NULLS AS ts,
    ANY_VALUE(withdrawn) IGNORE NULLS AS withdrawn,
    SUM(arrived) AS arrived,
    COLLECT_LIST(in_id) AS ins
  FROM arrivals
  GROUP BY
    wd_id,
    person_id
  HAVING
    ANY_VALUE(withdrawn) IGNORE NULLS >= 0.9 * SUM(arrived)
    AND SUM(arrived) >= 0.9 * ANY_VALUE(withdrawn) IGNORE NULLS
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) - INTERVAL '7' DAY AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  STRUCT(
    COUNT(*) AS withdrawals,
    SUM(withdrawn) AS withdrawn_kzt,
    SUM(arrived) AS arrived_kzt
  ) AS metrics,
  COLLECT_LIST(wd_id) AS evidence
FROM per_wd
GROUP BY
  person_id
