-- Change data capture on the lending database, for change-capture (Debezium's SQL Server connector,
-- ADR 0020). Run in the lending database, after the lending tables exist (the tool workers' Flyway
-- migrations, schema dbo), by a login that is sysadmin (sp_cdc_enable_db) and db_owner (sp_cdc_enable_table):
--   sqlcmd -d lending -i enable-cdc.sql
-- SQL Server Agent must run (MSSQL_AGENT_ENABLED=true in a container): its capture job copies the
-- transaction log into the change tables that Debezium reads. Idempotent: what is enabled stays.
-- Every column is captured, updates with their before image (rules compare old and new values);
-- the borrower's contact columns are dropped by the connector (column.exclude.list), as on PostgreSQL.
SET NOCOUNT ON;

IF (SELECT is_cdc_enabled FROM sys.databases WHERE database_id = DB_ID()) = 0
  EXEC sys.sp_cdc_enable_db;

IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE object_id = OBJECT_ID(N'dbo.borrower') AND is_tracked_by_cdc = 1)
  EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'borrower', @role_name = NULL;

IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE object_id = OBJECT_ID(N'dbo.loan') AND is_tracked_by_cdc = 1)
  EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'loan', @role_name = NULL;

IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE object_id = OBJECT_ID(N'dbo.payment') AND is_tracked_by_cdc = 1)
  EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'payment', @role_name = NULL;

IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE object_id = OBJECT_ID(N'dbo.collateral') AND is_tracked_by_cdc = 1)
  EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'collateral', @role_name = NULL;

IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE object_id = OBJECT_ID(N'dbo.equipment') AND is_tracked_by_cdc = 1)
  EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'equipment', @role_name = NULL;
