WITH r AS (
  SELECT
    src_type,
    src_id,
    dst_type,
    dst_id,
    kind
  FROM relations
  WHERE
    kind IN (
      'owner',
      'founder',
      'director',
      'trustee',
      'settlor',
      'beneficiary',
      'nominee',
      'relative'
    )
), grp AS (
  SELECT
    a.dst_type AS src_type,
    a.dst_id AS src_id,
    b.dst_type,
    b.dst_id
  FROM r AS a
  JOIN r AS b
    ON a.src_type = b.src_type AND a.src_id = b.src_id
  WHERE
    a.kind IN ('owner', 'founder')
    AND b.kind IN ('owner', 'founder')
    AND a.dst_type = 'entity'
    AND b.dst_type = 'entity'
    AND a.dst_id <> b.dst_id
), pairs AS (
  SELECT
    src_type AS a_type,
    src_id AS a_id,
    dst_type AS b_type,
    dst_id AS b_id
  FROM r
  UNION ALL
  SELECT
    dst_type,
    dst_id,
    src_type,
    src_id
  FROM r
  UNION ALL
  SELECT
    src_type,
    src_id,
    dst_type,
    dst_id
  FROM grp
)
SELECT DISTINCT
  a_type,
  a_id,
  b_type,
  b_id,
  CASE a_type WHEN 'person' THEN 2 * a_id WHEN 'entity' THEN 2 * a_id + 1 END AS a_key,
  CASE b_type WHEN 'person' THEN 2 * b_id WHEN 'entity' THEN 2 * b_id + 1 END AS b_key
FROM pairs
