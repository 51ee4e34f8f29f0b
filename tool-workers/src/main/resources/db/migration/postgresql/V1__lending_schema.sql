-- Lending schema for PostgreSQL.
-- "value" is quoted for parity with the other vendors (a keyword in H2).

CREATE TABLE borrower (
  borrower_id   VARCHAR(12)   NOT NULL PRIMARY KEY,
  first_name    VARCHAR(100)  NOT NULL,
  last_name     VARCHAR(100)  NOT NULL,
  farm_type     VARCHAR(20)   NOT NULL,
  credit_score  INT            NOT NULL,
  income        NUMERIC(18,2)  NOT NULL,
  farm_size     INT            NOT NULL,
  officer_id    VARCHAR(64)   NOT NULL,
  email         VARCHAR(200)  NULL,
  phone         VARCHAR(40)   NULL,
  address       VARCHAR(300)  NULL
);
CREATE INDEX ix_borrower_officer_id ON borrower (officer_id);

CREATE TABLE loan (
  loan_id        VARCHAR(12)  NOT NULL PRIMARY KEY,
  borrower_id    VARCHAR(12)  NOT NULL REFERENCES borrower (borrower_id),
  loan_amount    NUMERIC(18,2) NOT NULL,
  interest_rate  NUMERIC(5,2)  NOT NULL,
  term_months    INT           NOT NULL,
  start_date     DATE          NOT NULL,
  status         VARCHAR(20)  NOT NULL,
  loan_type      VARCHAR(30)  NOT NULL
);
CREATE INDEX ix_loan_borrower_id ON loan (borrower_id);
CREATE INDEX ix_loan_status ON loan (status);

CREATE TABLE payment (
  payment_id    VARCHAR(12)  NOT NULL PRIMARY KEY,
  loan_id       VARCHAR(12)  NOT NULL REFERENCES loan (loan_id),
  payment_date  DATE          NOT NULL,
  amount        NUMERIC(18,2) NOT NULL,
  status        VARCHAR(20)  NOT NULL,
  days_late     INT           NOT NULL DEFAULT 0
);
CREATE INDEX ix_payment_loan_id ON payment (loan_id);

CREATE TABLE collateral (
  collateral_id  VARCHAR(12)  NOT NULL PRIMARY KEY,
  loan_id        VARCHAR(12)  NOT NULL REFERENCES loan (loan_id),
  type           VARCHAR(30)  NOT NULL,
  description    VARCHAR(200) NULL,
  "value"        NUMERIC(18,2) NOT NULL
);
CREATE INDEX ix_collateral_loan_id ON collateral (loan_id);

CREATE TABLE equipment (
  equipment_id    VARCHAR(12)  NOT NULL PRIMARY KEY,
  borrower_id     VARCHAR(12)  NOT NULL REFERENCES borrower (borrower_id),
  type            VARCHAR(50)  NOT NULL,
  purchase_year   INT           NOT NULL,
  purchase_price  NUMERIC(18,2) NOT NULL,
  condition       VARCHAR(20)  NOT NULL
);
CREATE INDEX ix_equipment_borrower_id ON equipment (borrower_id);
