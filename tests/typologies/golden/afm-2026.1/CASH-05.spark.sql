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
), officer AS (
  SELECT
    r.src_id AS person_id,
    MIN(t.first_ts) AS first_ts,
    MAX(t.last_ts) AS last_ts,
    COUNT(DISTINCT t.entity_id) AS cashout_firms
  FROM relations AS r
  JOIN transit AS t
    ON r.dst_type = 'entity' AND r.dst_id = t.entity_id
  WHERE
    r.src_type = 'person' AND r.kind IN ('director', 'founder', 'owner', 'nominee')
  GROUP BY
    r.src_id
), failed AS (
  SELECT
    r.src_id AS person_id,
    COUNT(DISTINCT r.dst_id) AS failed_firms
  FROM relations AS r
  JOIN legal_entities AS e
    ON r.dst_type = 'entity' AND e.entity_id = r.dst_id
  WHERE
    r.src_type = 'person'
    AND r.kind IN ('director', 'founder', 'owner', 'nominee')
    AND e.status IN ('liquidated', 'bankrupt')
  GROUP BY
    r.src_id
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  o.first_ts AS window_start,
  o.last_ts AS window_end,
  CASE WHEN f.failed_firms > 0 THEN 1.0 ELSE 0.6 END AS score,
  STRUCT(o.cashout_firms AS cashout_firms, COALESCE(f.failed_firms, 0) AS liquidated_firms) AS metrics,
  COLLECT_LIST(a.account_id) AS evidence
FROM officer AS o
LEFT JOIN failed AS f
  ON f.person_id = o.person_id
JOIN acct AS a
  ON a.customer_type = 'person' AND a.customer_id = o.person_id
GROUP BY
  a.account_id,
  o.first_ts,
  o.last_ts,
  o.cashout_firms,
  f.failed_firms
