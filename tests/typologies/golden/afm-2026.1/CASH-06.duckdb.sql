WITH transit AS (
  SELECT
    entity_id,
    first_ts,
    last_ts
  FROM firm_cashout
  WHERE
    payees >= 3 AND cashout_share >= 0.6 AND paid_kzt >= 3000000
  UNION
  SELECT
    entity_id,
    first_ts,
    last_ts
  FROM firm_feeder
  WHERE
    feed_share >= 0.6 AND fed_kzt >= 3000000 AND no_upkeep
), shared AS (
  SELECT DISTINCT
    p.party_id AS person_id,
    t.entity_id,
    t.first_ts,
    t.last_ts
  FROM devices AS c
  JOIN transit AS t
    ON c.party_type = 'entity' AND c.party_id = t.entity_id
  JOIN devices AS p
    ON p.device_id = c.device_id AND p.party_type = 'person'
  LEFT JOIN party_link AS l
    ON l.a_type = 'person'
    AND l.a_id = p.party_id
    AND l.b_type = 'entity'
    AND l.b_id = t.entity_id
  WHERE
    l.a_id IS NULL
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  MIN(s.first_ts) AS window_start,
  MAX(s.last_ts) AS window_end,
  1.0 AS score,
  {'cashout_firms_operated': COUNT(DISTINCT s.entity_id)} AS metrics,
  ARRAY_AGG(a.account_id) AS evidence
FROM shared AS s
JOIN acct AS a
  ON a.customer_type = 'person' AND a.customer_id = s.person_id
GROUP BY
  a.account_id
