-- Lending schema for H2 (run in MSSQLServer mode; same text as the sqlserver folder).
-- "value" is a keyword in H2, so it is always written quoted; QUOTED_IDENTIFIER is ON for JDBC sessions.

CREATE TABLE borrower (
  borrower_id   NVARCHAR(12)   NOT NULL PRIMARY KEY,
  first_name    NVARCHAR(100)  NOT NULL,
  last_name     NVARCHAR(100)  NOT NULL,
  farm_type     NVARCHAR(20)   NOT NULL,
  credit_score  INT            NOT NULL,
  income        DECIMAL(18,2)  NOT NULL,
  farm_size     INT            NOT NULL,
  officer_id    NVARCHAR(64)   NOT NULL,
  email         NVARCHAR(200)  NULL,
  phone         NVARCHAR(40)   NULL,
  address       NVARCHAR(300)  NULL
);
CREATE INDEX ix_borrower_officer_id ON borrower (officer_id);

CREATE TABLE loan (
  loan_id        NVARCHAR(12)  NOT NULL PRIMARY KEY,
  borrower_id    NVARCHAR(12)  NOT NULL REFERENCES borrower (borrower_id),
  loan_amount    DECIMAL(18,2) NOT NULL,
  interest_rate  DECIMAL(5,2)  NOT NULL,
  term_months    INT           NOT NULL,
  start_date     DATE          NOT NULL,
  status         NVARCHAR(20)  NOT NULL,
  loan_type      NVARCHAR(30)  NOT NULL
);
CREATE INDEX ix_loan_borrower_id ON loan (borrower_id);
CREATE INDEX ix_loan_status ON loan (status);

CREATE TABLE payment (
  payment_id    NVARCHAR(12)  NOT NULL PRIMARY KEY,
  loan_id       NVARCHAR(12)  NOT NULL REFERENCES loan (loan_id),
  payment_date  DATE          NOT NULL,
  amount        DECIMAL(18,2) NOT NULL,
  status        NVARCHAR(20)  NOT NULL,
  days_late     INT           NOT NULL DEFAULT 0
);
CREATE INDEX ix_payment_loan_id ON payment (loan_id);

CREATE TABLE collateral (
  collateral_id  NVARCHAR(12)  NOT NULL PRIMARY KEY,
  loan_id        NVARCHAR(12)  NOT NULL REFERENCES loan (loan_id),
  type           NVARCHAR(30)  NOT NULL,
  description    NVARCHAR(200) NULL,
  "value"        DECIMAL(18,2) NOT NULL
);
CREATE INDEX ix_collateral_loan_id ON collateral (loan_id);

CREATE TABLE equipment (
  equipment_id    NVARCHAR(12)  NOT NULL PRIMARY KEY,
  borrower_id     NVARCHAR(12)  NOT NULL REFERENCES borrower (borrower_id),
  type            NVARCHAR(50)  NOT NULL,
  purchase_year   INT           NOT NULL,
  purchase_price  DECIMAL(18,2) NOT NULL,
  condition       NVARCHAR(20)  NOT NULL
);
CREATE INDEX ix_equipment_borrower_id ON equipment (borrower_id);
