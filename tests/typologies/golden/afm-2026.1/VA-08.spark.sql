WITH funded AS (
  SELECT
    c.transfer_id,
    c.ts,
    c.person_id AS user_id,
    c.holder_id AS funder_id
  FROM sec_crypto AS c
  WHERE
    c.direction = 'buy' AND c.holder_type = 'person' AND c.holder_id <> c.person_id
), kin AS (
  SELECT
    src_id AS a,
    dst_id AS b
  FROM relations
  WHERE
    kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
  UNION ALL
  SELECT
    dst_id,
    src_id
  FROM relations
  WHERE
    kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
), unrelated AS (
  SELECT
    f.*
  FROM funded AS f
  LEFT JOIN kin AS k
    ON k.a = f.user_id AND k.b = f.funder_id
  WHERE
    k.a IS NULL
), users AS (
  SELECT
    user_id,
    COUNT(DISTINCT funder_id) AS funders
  FROM unrelated
  GROUP BY
    user_id
  HAVING
    COUNT(DISTINCT funder_id) >= 3
), subjects AS (
  SELECT
    u.user_id AS person_id,
    'user' AS role,
    f.transfer_id,
    f.ts,
    u.funders
  FROM users AS u
  JOIN unrelated AS f
    ON f.user_id = u.user_id
  UNION ALL
  SELECT
    f.funder_id,
    'funder',
    f.transfer_id,
    f.ts,
    u.funders
  FROM users AS u
  JOIN unrelated AS f
    ON f.user_id = u.user_id
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  MAX(CASE WHEN role = 'user' THEN 1.0 ELSE 0.9 END) AS score,
  STRUCT(MAX(role) AS role, MAX(funders) AS funders_of_the_user) AS metrics,
  COLLECT_LIST(transfer_id) AS evidence
FROM subjects
GROUP BY
  person_id
