WITH hit AS (
  SELECT
    holder,
    peak_ts,
    peak_senders
  FROM person_p2p
  WHERE
    peak_senders >= 8
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  MIN(h.peak_ts) - INTERVAL '7' DAY AS window_start,
  MIN(h.peak_ts) AS window_end,
  LEAST(1.0, CAST(MIN(h.peak_senders) AS DOUBLE) / 25) AS score,
  STRUCT(
    MIN(h.peak_senders) AS customer_senders_7d,
    COUNT(DISTINCT c.sender) AS senders_to_this_account,
    COUNT(c.txn_id) AS credits,
    SUM(c.amount_kzt) AS credited_kzt
  ) AS metrics,
  COLLECT_LIST(c.txn_id) AS evidence
FROM hit AS h
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = h.holder
LEFT JOIN p2p_in AS c
  ON c.account_id = a.account_id
  AND c.ts > h.peak_ts - INTERVAL '7' DAY
  AND c.ts <= h.peak_ts
WHERE
  a.opened <= CAST(h.peak_ts AS DATE)
GROUP BY
  a.account_id
