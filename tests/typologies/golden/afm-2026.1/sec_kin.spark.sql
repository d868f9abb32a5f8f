SELECT
  src_id AS person_id,
  dst_id AS relative_id
FROM relations
WHERE
  kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
UNION
SELECT
  dst_id,
  src_id
FROM relations
WHERE
  kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
