WITH s AS (
  SELECT
    loan_id,
    issued,
    status_date,
    amount_kzt,
    lender_type,
    lender_reg_country,
    lender_owns_borrower,
    CASE WHEN lender_owns_borrower THEN 0.5 ELSE 1.0 END * CASE
      WHEN lender_type = 'foreign'
      AND ARRAY_CONTAINS(
        [
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
        ],
        lender_reg_country
      )
      THEN 1.0
      WHEN lender_type = 'foreign'
      THEN 0.5
      WHEN lender_type = 'person'
      THEN CASE WHEN amount_kzt > 12 * COALESCE(lender_income, 0) THEN 1.0 ELSE 0.4 END
      WHEN ARRAY_CONTAINS(['64', '65', '66'], LEFT(COALESCE(lender_oked, ''), 2))
      THEN 0.0
      WHEN amount_kzt > 10.0 * COALESCE(lender_tax, 0)
      THEN 1.0
      ELSE 0.4
    END AS score
  FROM sec_loan
  WHERE
    amount_kzt >= 1000000
)
SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  COALESCE(status_date, issued) AS window_end,
  score,
  {'lender_type': lender_type, 'lender_country': lender_reg_country, 'amount_kzt': amount_kzt, 'lender_owns_borrower': lender_owns_borrower} AS metrics,
  [loan_id] AS evidence
FROM s
WHERE
  score > 0
