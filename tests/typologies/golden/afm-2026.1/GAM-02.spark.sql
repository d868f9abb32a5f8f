WITH payouts AS (
  SELECT
    g.op_id,
    g.ts,
    g.person_id,
    g.payout_holder_id,
    g.payout_iban,
    COALESCE(g.payout_holder_id <> g.person_id, FALSE) AS third_party,
    COALESCE(
      ARRAY_CONTAINS(
        ARRAY(
          'AD',
          'AG',
          'AI',
          'AW',
          'BB',
          'BH',
          'BM',
          'BS',
          'BZ',
          'CK',
          'CW',
          'DM',
          'GD',
          'GG',
          'GI',
          'IM',
          'JE',
          'KN',
          'KY',
          'LB',
          'LC',
          'LI',
          'LR',
          'MC',
          'MH',
          'MS',
          'MU',
          'MV',
          'NR',
          'NU',
          'PA',
          'PW',
          'SC',
          'SX',
          'TC',
          'TO',
          'VC',
          'VG',
          'VI',
          'VU',
          'WS'
        ),
        UPPER(LEFT(g.payout_iban, 2))
      ),
      FALSE
    ) AS offshore
  FROM gambling_ops AS g
  WHERE
    g.op_type IN ('withdrawal', 'chips_cashout')
    AND g.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND g.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
), flagged AS (
  SELECT
    *
  FROM payouts
  WHERE
    third_party OR offshore
), subjects AS (
  SELECT
    person_id,
    'player' AS role,
    op_id,
    ts
  FROM flagged
  UNION ALL
  SELECT
    payout_holder_id,
    'recipient',
    op_id,
    ts
  FROM flagged
  WHERE
    third_party AND NOT payout_holder_id IS NULL
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  MAX(CASE WHEN role = 'player' THEN 1.0 ELSE 0.9 END) AS score,
  STRUCT(MAX(role) AS role, COUNT(*) AS payouts) AS metrics,
  COLLECT_LIST(op_id) AS evidence
FROM subjects
GROUP BY
  person_id
