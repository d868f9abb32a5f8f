SELECT
  ct.transfer_id,
  ct.ts,
  ct.platform_id,
  p.licensed,
  p.name AS platform,
  ct.person_id,
  ct.account_id,
  a.holder_type,
  a.holder_id,
  ct.direction,
  ct.chain,
  ct.asset,
  ct.from_address,
  ct.to_address,
  CAST(COALESCE(ct.amount_kzt, 0) AS DOUBLE) AS amount_kzt
FROM crypto_transfers AS ct
LEFT JOIN crypto_platforms AS p
  ON p.platform_id = ct.platform_id
LEFT JOIN acct AS a
  ON a.account_id = ct.account_id
WHERE
  ct.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND ct.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
  AND NOT ct.person_id IS NULL
