-- CopilotMetrics.Storage.Postgres, migration 0005: the properties no record type models (schema drift), per report-day.
-- {schema} is replaced by the (validated, quoted) schema name.

-- The paths of the unknown properties the last successful sync of the day read (totals_by_x, totals_by_ide[].new_field),
-- in ordinal order; empty when there were none, and for every day synced before this migration. Names only, never values,
-- at most 100 per day (ReportReadStatistics.MaxKeptUnknownProperties). "First seen" per path is min(day) over the statuses.
ALTER TABLE {schema}.sync_status ADD COLUMN unknown_properties text[] NOT NULL DEFAULT '{}';
