-- Change capture (ADR 0011): an update's change event carries the whole old row, not only the key,
-- so that a rule can compare before and after (e.g. a credit score falling by 50 points).
ALTER TABLE borrower REPLICA IDENTITY FULL;
ALTER TABLE loan REPLICA IDENTITY FULL;
ALTER TABLE payment REPLICA IDENTITY FULL;
ALTER TABLE collateral REPLICA IDENTITY FULL;
ALTER TABLE equipment REPLICA IDENTITY FULL;
