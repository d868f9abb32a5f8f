WITH fresh AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_account AS sender
  FROM fresh_flow
  WHERE
    dir = 'in' AND NOT other_account IS NULL
), received AS (
  SELECT
    x.dst_account_id AS account_id,
    x.ts,
    x.amount_kzt
  FROM xfer AS x
  WHERE
    x.dst_account_id IN (
      SELECT
        sender
      FROM fresh
    )
    AND x.amount_kzt >= 100000
  UNION ALL
  SELECT
    o.account_id,
    o.ts,
    o.amount_kzt
  FROM cash_op AS o
  WHERE
    o.type = 'cash_deposit'
    AND o.account_id IN (
      SELECT
        sender
      FROM fresh
    )
    AND o.amount_kzt >= 100000
), split AS (
  /* or the sender split the sum it had just received over first-time payees: what it */
  /* paid them in the 48 hours after is 95-100 % of it */
  SELECT
    c.account_id AS sender,
    c.ts
  FROM received AS c
  JOIN fresh_flow AS o
    ON o.account_id = c.account_id
    AND o.dir = 'out'
    AND o.ts > c.ts
    AND o.ts <= c.ts + INTERVAL '48' HOUR
  GROUP BY
    c.account_id,
    c.ts,
    c.amount_kzt
  HAVING
    SUM(o.amount_kzt) >= 0.95 * c.amount_kzt AND SUM(o.amount_kzt) <= c.amount_kzt
)
SELECT DISTINCT
  f.account_id,
  f.txn_id,
  f.ts,
  f.amount_kzt,
  f.sender
FROM fresh AS f
JOIN received AS c
  ON c.account_id = f.sender
  AND c.ts < f.ts
  AND c.ts >= f.ts - INTERVAL '48' HOUR
  AND f.amount_kzt >= 0.95 * c.amount_kzt
  AND f.amount_kzt <= c.amount_kzt
UNION
SELECT
  f.account_id,
  f.txn_id,
  f.ts,
  f.amount_kzt,
  f.sender
FROM fresh AS f
JOIN split AS s
  ON s.sender = f.sender AND s.ts < f.ts AND s.ts >= f.ts - INTERVAL '48' HOUR
