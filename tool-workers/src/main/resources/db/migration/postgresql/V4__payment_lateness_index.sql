-- As sqlserver/V3: the portfolio's payment totals read this index alone (an index-only scan in loan
-- order); it replaces the single-column index, whose look-ups by loan it also serves.
CREATE INDEX ix_payment_loan_lateness ON payment (loan_id, status, days_late);
DROP INDEX ix_payment_loan_id;
