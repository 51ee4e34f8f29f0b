-- Every real value a tool worker released behind a PII token (never the value itself): the bank's
-- accounting of disclosures, by borrower and by user, and the count behind the per-user reveal limit
-- that holds across gateways and workers.
CREATE TABLE pii_disclosure (
  disclosure_id    BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
  user_id          NVARCHAR(200)  NOT NULL,
  conversation_id  NVARCHAR(64)   NOT NULL,
  borrower_id      NVARCHAR(12)   NOT NULL,
  kind             NVARCHAR(20)   NOT NULL,
  token            NVARCHAR(40)   NOT NULL,
  disclosed_at     DATETIME2(3)   NOT NULL
);
CREATE INDEX ix_pii_disclosure_user_time ON pii_disclosure (user_id, disclosed_at);
CREATE INDEX ix_pii_disclosure_borrower_time ON pii_disclosure (borrower_id, disclosed_at);
