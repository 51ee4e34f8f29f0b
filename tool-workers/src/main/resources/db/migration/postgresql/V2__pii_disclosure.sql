-- Every real value a tool worker released behind a PII token (never the value itself): the bank's
-- accounting of disclosures, by borrower and by user, and the count behind the per-user reveal limit
-- that holds across gateways and workers.
CREATE TABLE pii_disclosure (
  disclosure_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          VARCHAR(200)  NOT NULL,
  conversation_id  VARCHAR(64)   NOT NULL,
  borrower_id      VARCHAR(12)   NOT NULL,
  kind             VARCHAR(20)   NOT NULL,
  token            VARCHAR(40)   NOT NULL,
  disclosed_at     TIMESTAMP(3)  NOT NULL
);
CREATE INDEX ix_pii_disclosure_user_time ON pii_disclosure (user_id, disclosed_at);
CREATE INDEX ix_pii_disclosure_borrower_time ON pii_disclosure (borrower_id, disclosed_at);
