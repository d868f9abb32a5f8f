WITH below AS (
  SELECT
    src_account_id AS account_id,
    src_holder AS entity_id,
    src_type,
    txn_id,
    ts,
    amount_kzt,
    cp_country
  FROM xfer
  WHERE
    dst_account_id IS NULL
    AND NOT cp_country IS NULL
    AND cp_country <> 'KZ'
    AND amount_kzt >= 0.9 * 5000000
    AND amount_kzt < 5000000
), runs AS (
  SELECT
    b.account_id,
    b.ts AS end_ts,
    COUNT(*) AS ops,
    SUM(o.amount_kzt) AS total_kzt,
    MIN(o.ts) AS start_ts,
    MAX(
      CASE
        WHEN ARRAY_CONTAINS(
          [
            'AD',
            'AG',
            'AI',
            'BB',
            'BM',
            'BS',
            'BZ',
            'CW',
            'CY',
            'GG',
            'GI',
            'IM',
            'JE',
            'KN',
            'KY',
            'LC',
            'LI',
            'MC',
            'MH',
            'MU',
            'PA',
            'SC',
            'TC',
            'VC',
            'VG',
            'VU',
            'WS'
          ],
          o.cp_country
        )
        THEN 1
        ELSE 0
      END
    ) AS offshore,
    ARRAY_AGG(o.txn_id) AS txns
  FROM below AS b
  JOIN below AS o
    ON o.account_id = b.account_id
    AND o.ts > b.ts - INTERVAL (
      30
    ) DAY
    AND o.ts <= b.ts
  GROUP BY
    b.account_id,
    b.ts
  HAVING
    COUNT(*) >= 2 AND SUM(o.amount_kzt) >= 5000000
), best AS (
  SELECT
    r.*,
    a.holder_type,
    a.holder_id
  FROM (
    SELECT
      *,
      ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY ops DESC, total_kzt DESC, end_ts) AS rn
    FROM runs
  ) AS r
  JOIN acct AS a
    ON a.account_id = r.account_id
  WHERE
    rn = 1
), people AS (
  SELECT
    b.account_id AS structuring_account,
    p.party_id AS person_id
  FROM best AS b
  JOIN devices AS c
    ON c.party_type = b.holder_type AND c.party_id = b.holder_id
  JOIN devices AS p
    ON p.device_id = c.device_id AND p.party_type = 'person'
  WHERE
    b.holder_type = 'entity'
  UNION
  SELECT
    b.account_id,
    r.src_id
  FROM best AS b
  JOIN relations AS r
    ON r.dst_type = 'entity'
    AND r.dst_id = b.holder_id
    AND r.src_type = 'person'
    AND r.kind IN ('owner', 'founder', 'director', 'nominee', 'beneficiary')
  WHERE
    b.holder_type = 'entity'
), operators AS (
  SELECT DISTINCT
    p.structuring_account,
    a.account_id
  FROM people AS p
  JOIN acct AS a
    ON a.customer_type = 'person' AND a.customer_id = p.person_id
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  start_ts AS window_start,
  end_ts AS window_end,
  CASE WHEN offshore = 1 THEN 1.0 ELSE 0.7 END AS score,
  {'role': 'structuring', 'transfers_below_threshold': ops, 'total_kzt': total_kzt} AS metrics,
  txns AS evidence
FROM best
UNION ALL
SELECT
  'account',
  o.account_id,
  MIN(b.start_ts),
  MAX(b.end_ts),
  MAX(CASE WHEN b.offshore = 1 THEN 0.9 ELSE 0.7 END),
  {'role': 'person behind the structuring company (officer, owner or its banking device)', 'transfers_below_threshold': MAX(b.ops), 'total_kzt': MAX(b.total_kzt)},
  ARRAY_AGG(DISTINCT w.txn_id)
FROM operators AS o
JOIN best AS b
  ON b.account_id = o.structuring_account
JOIN below AS w
  ON w.account_id = b.account_id AND w.ts >= b.start_ts AND w.ts <= b.end_ts
GROUP BY
  o.account_id
