SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  c.signed AS window_start,
  COALESCE(c.delivery_due, c.signed) AS window_end,
  0.5 * CAST(c.registered > c.signed - INTERVAL '12' MONTH AS INT) + 0.5 * CAST(COALESCE(c.employees, 0) <= 5 AND c.tax_paid_kzt < 0.001 * c.amount_kzt AS INT) AS score,
  STRUCT(
    c.registered AS registered,
    c.employees AS employees,
    c.tax_paid_kzt AS tax_paid_kzt,
    c.amount_kzt AS amount_kzt
  ) AS metrics,
  ARRAY(c.contract_id) AS evidence
FROM sec_contract AS c
WHERE
  c.direction = 'import'
  AND c.prepay_pct >= 0.5
  AND NOT (
    ARRAY_CONTAINS(
      ARRAY(
        '2844',
        '2845',
        '8401',
        '854231',
        '854232',
        '854233',
        '854239',
        '854110',
        '854129',
        '854160',
        '853221',
        '853224',
        '850440',
        '851762',
        '851769',
        '852589',
        '852610',
        '852691',
        '852692',
        '852990',
        '880730',
        '880790',
        '847150',
        '847180',
        '847330',
        '845611',
        '845612',
        '845710',
        '845811',
        '845891',
        '845961',
        '846693',
        '846694',
        '848210',
        '848220',
        '848230',
        '848250',
        '901320',
        '901380',
        '901410',
        '901420',
        '901480',
        '902720',
        '902750',
        '903020',
        '903031',
        '903040',
        '903082',
        '903180'
      ),
      c.hs6
    )
    OR ARRAY_CONTAINS(
      ARRAY(
        '2844',
        '2845',
        '8401',
        '854231',
        '854232',
        '854233',
        '854239',
        '854110',
        '854129',
        '854160',
        '853221',
        '853224',
        '850440',
        '851762',
        '851769',
        '852589',
        '852610',
        '852691',
        '852692',
        '852990',
        '880730',
        '880790',
        '847150',
        '847180',
        '847330',
        '845611',
        '845612',
        '845710',
        '845811',
        '845891',
        '845961',
        '846693',
        '846694',
        '848210',
        '848220',
        '848230',
        '848250',
        '901320',
        '901380',
        '901410',
        '901420',
        '901480',
        '902720',
        '902750',
        '903020',
        '903031',
        '903040',
        '903082',
        '903180'
      ),
      LEFT(c.hs_code, 4)
    )
  )
  AND (
    c.registered > c.signed - INTERVAL '12' MONTH
    OR (
      COALESCE(c.employees, 0) <= 5 AND c.tax_paid_kzt < 0.001 * c.amount_kzt
    )
  )
