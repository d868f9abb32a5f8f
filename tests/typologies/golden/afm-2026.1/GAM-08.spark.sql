WITH funding AS (
  SELECT
    g.op_id,
    g.ts,
    g.person_id AS player_id,
    g.card_id,
    c.holder_id
  FROM gambling_ops AS g
  LEFT JOIN cards AS c
    ON c.card_id = g.card_id
  WHERE
    g.op_type = 'deposit'
    AND NOT g.card_id IS NULL
    AND g.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND g.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
), foreign_cards AS (
  SELECT
    f.*
  FROM funding AS f
  LEFT JOIN sec_kin AS k
    ON k.person_id = f.player_id AND k.relative_id = f.holder_id
  WHERE
    NOT f.holder_id IS NULL AND f.holder_id <> f.player_id AND k.person_id IS NULL
), players AS (
  SELECT
    f.player_id,
    COUNT(DISTINCT f.card_id) AS cards,
    COUNT(DISTINCT x.holder_id) AS foreign_holders
  FROM funding AS f
  LEFT JOIN foreign_cards AS x
    ON x.op_id = f.op_id
  GROUP BY
    f.player_id
  HAVING
    COUNT(DISTINCT f.card_id) >= 3 OR COUNT(DISTINCT x.holder_id) >= 2
), device_peers AS (
  /* other people's accounts registered on a device the player uses (cards kept on it) */
  SELECT DISTINCT
    p.player_id,
    o.party_id AS holder_id
  FROM players AS p
  JOIN devices AS d
    ON d.party_type = 'person' AND d.party_id = p.player_id
  JOIN devices AS o
    ON o.device_id = d.device_id
    AND o.party_type = 'person'
    AND o.party_id <> p.player_id
  LEFT JOIN sec_kin AS k
    ON k.person_id = p.player_id AND k.relative_id = o.party_id
  WHERE
    k.person_id IS NULL
), subjects AS (
  SELECT
    p.player_id AS person_id,
    'player' AS role,
    f.op_id,
    f.ts,
    p.cards
  FROM players AS p
  JOIN funding AS f
    ON f.player_id = p.player_id
  UNION ALL
  SELECT
    x.holder_id,
    'card_holder',
    x.op_id,
    x.ts,
    p.cards
  FROM players AS p
  JOIN foreign_cards AS x
    ON x.player_id = p.player_id
  UNION ALL
  SELECT
    d.holder_id,
    'card_holder_on_device',
    f.op_id,
    f.ts,
    p.cards
  FROM device_peers AS d
  JOIN players AS p
    ON p.player_id = d.player_id
  JOIN funding AS f
    ON f.player_id = d.player_id
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  MAX(
    CASE WHEN role = 'player' THEN 1.0 WHEN role = 'card_holder' THEN 0.9 ELSE 0.8 END
  ) AS score,
  STRUCT(MIN(role) AS role, MAX(cards) AS cards_funding_the_player) AS metrics,
  COLLECT_LIST(op_id) AS evidence
FROM subjects
GROUP BY
  person_id
