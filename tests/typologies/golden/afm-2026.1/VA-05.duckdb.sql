WITH ext AS (
  SELECT
    transfer_id,
    person_id,
    ts,
    chain,
    CASE WHEN direction = 'withdrawal' THEN to_address ELSE from_address END AS address
  FROM sec_crypto
  WHERE
    direction IN ('withdrawal', 'deposit')
), shared AS (
  SELECT
    chain,
    address
  FROM ext
  WHERE
    NOT address IS NULL
  GROUP BY
    chain,
    address
  HAVING
    COUNT(DISTINCT person_id) >= 2
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
), users AS (
  SELECT
    e.*
  FROM ext AS e
  JOIN shared AS s
    ON s.chain = e.chain AND s.address = e.address
), unrelated AS (
  SELECT DISTINCT
    u.person_id,
    u.chain,
    u.address
  FROM users AS u
  JOIN users AS o
    ON o.chain = u.chain AND o.address = u.address AND o.person_id <> u.person_id
  LEFT JOIN kin AS k
    ON k.a = u.person_id AND k.b = o.person_id
  WHERE
    k.a IS NULL
)
SELECT
  'person' AS subject_type,
  u.person_id AS subject_id,
  MIN(u.ts) AS window_start,
  MAX(u.ts) AS window_end,
  1.0 AS score,
  {'shared_addresses': COUNT(DISTINCT u.address)} AS metrics,
  ARRAY_AGG(u.transfer_id) AS evidence
FROM users AS u
JOIN unrelated AS r
  ON r.person_id = u.person_id AND r.chain = u.chain AND r.address = u.address
GROUP BY
  u.person_id
