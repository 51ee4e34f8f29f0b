-- Sample data of the lending domain (shared/lending-domain.md). Local profile and tests only:
-- production never lists classpath:db/seed in spring.flyway.locations, so it gets no fake borrowers.
-- Vendor-neutral SQL: H2 (MSSQLServer mode), SQL Server and PostgreSQL all accept it.
-- Contact fields are fictitious (example.com, 555-01xx numbers) but are treated as PII.
-- Payments: monthly from one month after start_date, amount = the amortised monthly payment;
-- a late payment is dated its due date plus its days late.

INSERT INTO borrower (borrower_id, first_name, last_name, farm_type, credit_score, income, farm_size, officer_id, email, phone, address) VALUES
  ('B001', 'John', 'Doe', 'Crop', 750, 100000.00, 500, 'officer-1', 'john.doe@example.com', '555-0101', '101 Prairie Road, Cedar Falls'),
  ('B002', 'Jane', 'Smith', 'Livestock', 720, 80000.00, 300, 'officer-1', 'jane.smith@example.com', '555-0102', '202 Ranch Lane, Great Bend'),
  ('B003', 'Alice', 'Johnson', 'Crop', 680, 60000.00, 150, 'officer-1', 'alice.johnson@example.com', '555-0103', '303 Wheat Street, Salina'),
  ('B004', 'Bob', 'Brown', 'Mixed', 780, 90000.00, 400, 'officer-1', 'bob.brown@example.com', '555-0104', '404 Orchard Way, Ames'),
  ('B005', 'Charlie', 'Davis', 'Livestock', 700, 75000.00, 250, 'officer-1', 'charlie.davis@example.com', '555-0105', '505 Pasture Drive, Dodge City'),
  ('B006', 'Diana', 'Evans', 'Crop', 690, 85000.00, 350, 'officer-2', 'diana.evans@example.com', '555-0106', '606 Silo Road, Hastings'),
  ('B007', 'Frank', 'Garcia', 'Mixed', 760, 65000.00, 100, 'officer-2', 'frank.garcia@example.com', '555-0107', '707 Meadow Lane, Kearney'),
  ('B008', 'Grace', 'Harris', 'Livestock', 770, 95000.00, 450, 'officer-2', 'grace.harris@example.com', '555-0108', '808 Corral Court, Ogallala'),
  ('B009', 'Henry', 'Ivy', 'Crop', 730, 78000.00, 280, 'officer-2', 'henry.ivy@example.com', '555-0109', '909 Harvest Avenue, Mankato'),
  ('B010', 'Ivy', 'Jones', 'Mixed', 740, 82000.00, 320, 'officer-2', 'ivy.jones@example.com', '555-0110', '1010 Barn Street, Brookings'),
  ('B011', 'Kevin', 'Lopez', 'Crop', 610, 52000.00, 80, 'officer-1', 'kevin.lopez@example.com', '555-0111', '1111 Furrow Road, Garden City'),
  ('B012', 'Laura', 'Miller', 'Dairy', 640, 58000.00, 120, 'officer-2', 'laura.miller@example.com', '555-0112', '1212 Creamery Lane, Tillamook');

INSERT INTO loan (loan_id, borrower_id, loan_amount, interest_rate, term_months, start_date, status, loan_type) VALUES
  ('L001', 'B001', 50000.00, 3.50, 60, '2024-01-01', 'Active', 'Land'),
  ('L002', 'B002', 30000.00, 4.00, 36, '2024-06-15', 'Active', 'Equipment'),
  ('L003', 'B003', 20000.00, 3.00, 24, '2025-03-10', 'Pending', 'Short-term'),
  ('L004', 'B004', 40000.00, 3.80, 48, '2023-12-20', 'Closed', 'Long-term'),
  ('L005', 'B005', 25000.00, 3.20, 36, '2024-11-05', 'Active', 'Equipment'),
  ('L006', 'B006', 35000.00, 4.20, 60, '2025-04-20', 'Pending', 'Land'),
  ('L007', 'B007', 15000.00, 2.80, 12, '2024-09-10', 'Active', 'Short-term'),
  ('L008', 'B008', 45000.00, 3.90, 48, '2023-08-15', 'Closed', 'Long-term'),
  ('L009', 'B009', 28000.00, 3.60, 36, '2024-12-01', 'Active', 'Equipment'),
  ('L010', 'B010', 32000.00, 3.70, 48, '2025-02-28', 'Pending', 'Land'),
  ('L011', 'B011', 60000.00, 5.50, 60, '2024-03-01', 'Active', 'Operating'),
  ('L012', 'B012', 48000.00, 5.10, 48, '2023-10-01', 'Defaulted', 'Livestock');

INSERT INTO payment (payment_id, loan_id, payment_date, amount, status, days_late) VALUES
  ('P001', 'L001', '2024-02-01', 909.59, 'On Time', 0),
  ('P002', 'L001', '2024-03-01', 909.59, 'On Time', 0),
  ('P003', 'L001', '2024-04-13', 909.59, 'Late', 12),
  ('P004', 'L002', '2024-07-15', 885.72, 'On Time', 0),
  ('P005', 'L002', '2024-08-15', 885.72, 'On Time', 0),
  ('P006', 'L002', '2024-09-15', 885.72, 'On Time', 0),
  ('P007', 'L004', '2024-01-20', 899.59, 'On Time', 0),
  ('P008', 'L004', '2024-02-20', 899.59, 'On Time', 0),
  ('P009', 'L004', '2024-03-20', 899.59, 'On Time', 0),
  ('P010', 'L005', '2024-12-05', 729.24, 'On Time', 0),
  ('P011', 'L005', '2025-01-05', 729.24, 'On Time', 0),
  ('P012', 'L005', '2025-03-12', 729.24, 'Late', 35),
  ('P013', 'L007', '2024-10-10', 1269.04, 'On Time', 0),
  ('P014', 'L007', '2024-11-10', 1269.04, 'On Time', 0),
  ('P015', 'L007', '2024-12-10', 1269.04, 'On Time', 0),
  ('P016', 'L008', '2023-09-15', 1014.05, 'On Time', 0),
  ('P017', 'L008', '2023-10-15', 1014.05, 'On Time', 0),
  ('P018', 'L008', '2023-11-15', 1014.05, 'On Time', 0),
  ('P019', 'L009', '2025-01-01', 821.70, 'On Time', 0),
  ('P020', 'L009', '2025-02-09', 821.70, 'Late', 8),
  ('P021', 'L009', '2025-03-01', 821.70, 'On Time', 0),
  ('P022', 'L011', '2024-04-01', 1146.07, 'On Time', 0),
  ('P023', 'L011', '2024-05-01', 1146.07, 'On Time', 0),
  ('P024', 'L011', '2024-06-21', 1146.07, 'Late', 20),
  ('P025', 'L011', '2024-08-15', 1146.07, 'Late', 45),
  ('P026', 'L012', '2023-12-01', 1107.58, 'Late', 30),
  ('P027', 'L012', '2024-01-30', 1107.58, 'Late', 60),
  ('P028', 'L012', '2024-03-31', 1107.58, 'Late', 90);

INSERT INTO collateral (collateral_id, loan_id, type, description, "value") VALUES
  ('C001', 'L001', 'Land', '100 acres of farmland', 75000.00),
  ('C002', 'L002', 'Equipment', 'Tractor and equipment', 35000.00),
  ('C003', 'L004', 'Land', '200 acres of farmland', 60000.00),
  ('C004', 'L005', 'Equipment', 'Irrigation system', 30000.00),
  ('C005', 'L006', 'Land', '150 acres of farmland', 50000.00),
  ('C006', 'L008', 'Land', '250 acres of farmland', 70000.00),
  ('C007', 'L009', 'Building', 'Grain storage facility', 32000.00),
  ('C008', 'L010', 'Land', '120 acres of farmland', 45000.00),
  ('C009', 'L011', 'Equipment', 'Used combine', 40000.00),
  ('C010', 'L012', 'Livestock', 'Dairy herd, 60 head', 42000.00);

INSERT INTO equipment (equipment_id, borrower_id, type, purchase_year, purchase_price, condition) VALUES
  ('E001', 'B001', 'Tractor', 2019, 85000.00, 'Good'),
  ('E002', 'B002', 'Combine', 2017, 120000.00, 'Fair'),
  ('E003', 'B003', 'Irrigation System', 2020, 40000.00, 'Good'),
  ('E004', 'B004', 'Plow', 2018, 15000.00, 'Good'),
  ('E005', 'B005', 'Sprayer', 2021, 30000.00, 'Excellent'),
  ('E006', 'B006', 'Tractor', 2016, 70000.00, 'Poor'),
  ('E007', 'B007', 'Seeder', 2022, 25000.00, 'Good'),
  ('E008', 'B008', 'Combine', 2019, 110000.00, 'Good'),
  ('E009', 'B009', 'Plow', 2020, 12000.00, 'Fair'),
  ('E010', 'B010', 'Irrigation System', 2021, 38000.00, 'Good'),
  ('E011', 'B011', 'Combine', 2012, 60000.00, 'Poor'),
  ('E012', 'B012', 'Milking System', 2014, 55000.00, 'Fair');
