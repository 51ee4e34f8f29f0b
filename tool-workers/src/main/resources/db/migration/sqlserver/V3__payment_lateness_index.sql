-- The portfolio's payment totals (Portfolio.visibleBorrowerTotals) group payments by loan, status and
-- days late: this index holds every column that query reads, in that order, so the database reads the
-- index alone, in order, and looks no payment row up. It replaces the single-column index, whose
-- look-ups by loan it also serves.
CREATE INDEX ix_payment_loan_lateness ON payment (loan_id, status, days_late);
DROP INDEX ix_payment_loan_id ON payment;
