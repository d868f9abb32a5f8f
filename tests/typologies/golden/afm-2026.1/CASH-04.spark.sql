WITH pay AS (
  SELECT
    f.payer_account,
    f.payer_entity,
    f.person_id,
    f.txn_id,
    f.ts,
    NOT e.src_id IS NULL AS employee
  FROM firm_payout AS f
  LEFT JOIN (
    SELECT DISTINCT
      src_id,
      dst_id
    FROM relations
    WHERE
      kind = 'employee' AND src_type = 'person' AND dst_type = 'entity'
  ) AS e
    ON e.src_id = f.person_id AND e.dst_id = f.payer_entity
  WHERE
    f.type = 'salary' OR f.knp = '311'
)
SELECT
  'account' AS subject_type,
  payer_account AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  CAST(COUNT(DISTINCT CASE WHEN NOT employee THEN person_id END) AS DOUBLE) / COUNT(DISTINCT person_id) AS score,
  STRUCT(
    COUNT(DISTINCT person_id) AS payees,
    COUNT(DISTINCT CASE WHEN NOT employee THEN person_id END) AS not_registered_employees
  ) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM pay
GROUP BY
  payer_account
HAVING
  COUNT(DISTINCT person_id) >= 5
  AND COUNT(DISTINCT CASE WHEN NOT employee THEN person_id END) >= 0.8 * COUNT(DISTINCT person_id)
