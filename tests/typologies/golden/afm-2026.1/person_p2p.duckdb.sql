WITH inflow AS (
  SELECT
    holder,
    SUM(amount_kzt) AS inflow_kzt,
    COUNT(*) AS credits,
    COUNT(DISTINCT sender) AS senders,
    MIN(ts) AS first_in,
    MAX(ts) AS last_in,
    MAX(holder_senders_7d) AS peak_senders
  FROM p2p_in
  GROUP BY
    holder
), peak AS (
  /* the first moment of the busiest week: the most senders (a max per holder, above), */
  /* then the earliest credit that reached it; an aggregate and a join, no sorted window */
  SELECT
    c.holder,
    MIN(c.ts) AS peak_ts
  FROM p2p_in AS c
  JOIN inflow AS i
    ON i.holder = c.holder AND c.holder_senders_7d = i.peak_senders
  GROUP BY
    c.holder
), fast AS (
  SELECT
    d.holder,
    d.txn_id,
    d.amount_kzt,
    d.kind,
    d.atm_id,
    d.ts
  FROM person_debit AS d
  WHERE
    EXISTS(
      SELECT
        1
      FROM p2p_in AS c
      WHERE
        c.holder = d.holder AND d.ts > c.ts AND d.ts <= c.ts + INTERVAL '48' HOUR
    )
), out AS (
  SELECT
    holder,
    SUM(amount_kzt) AS fast_out_kzt,
    SUM(CASE WHEN kind = 'cash' THEN amount_kzt ELSE 0 END) AS fast_cash_kzt,
    SUM(CASE WHEN kind = 'transfer' THEN amount_kzt ELSE 0 END) AS fast_transfer_kzt,
    COUNT(*) AS fast_debits,
    COUNT(DISTINCT atm_id) AS fast_atms,
    MAX(ts) AS last_out
  FROM fast
  GROUP BY
    holder
)
SELECT
  i.holder,
  i.inflow_kzt,
  i.credits,
  i.senders,
  i.first_in,
  i.last_in,
  p.peak_ts,
  i.peak_senders,
  COALESCE(o.fast_out_kzt, 0) AS fast_out_kzt,
  COALESCE(o.fast_cash_kzt, 0) AS fast_cash_kzt,
  COALESCE(o.fast_transfer_kzt, 0) AS fast_transfer_kzt,
  COALESCE(o.fast_debits, 0) AS fast_debits,
  COALESCE(o.fast_atms, 0) AS fast_atms,
  COALESCE(o.last_out, i.last_in) AS last_out
FROM inflow AS i
JOIN peak AS p
  ON p.holder = i.holder
LEFT JOIN out AS o
  ON o.holder = i.holder
