WITH drops AS (
  SELECT
    holder,
    inflow_kzt
  FROM person_p2p
  WHERE
    peak_senders >= 8 AND fast_out_kzt >= 0.8 * inflow_kzt
), paid AS (
  SELECT
    x.dst_account_id AS account_id,
    x.src_holder AS drop_holder,
    x.txn_id,
    x.ts,
    x.amount_kzt,
    d.inflow_kzt AS drop_inflow
  FROM xfer AS x
  JOIN drops AS d
    ON x.src_type = 'person' AND x.src_holder = d.holder
  WHERE
    NOT x.related
    AND x.dst_type = 'person'
    AND x.type = 'transfer'
    AND NOT x.dst_holder IN (
      SELECT
        holder
      FROM drops
    )
), cut AS (
  SELECT
    account_id,
    drop_holder
  FROM paid
  GROUP BY
    account_id,
    drop_holder
  HAVING
    SUM(amount_kzt) <= 0.2 * MAX(drop_inflow)
)
SELECT
  'account' AS subject_type,
  p.account_id AS subject_id,
  MIN(p.ts) AS window_start,
  MAX(p.ts) AS window_end,
  LEAST(1.0, 0.6 + 0.1 * COUNT(DISTINCT p.drop_holder)) AS score,
  STRUCT(COUNT(DISTINCT p.drop_holder) AS drops_paying, SUM(p.amount_kzt) AS received_kzt) AS metrics,
  COLLECT_LIST(p.txn_id) AS evidence
FROM paid AS p
JOIN cut AS c
  ON c.account_id = p.account_id AND c.drop_holder = p.drop_holder
GROUP BY
  p.account_id
HAVING
  COUNT(DISTINCT p.drop_holder) >= 4
