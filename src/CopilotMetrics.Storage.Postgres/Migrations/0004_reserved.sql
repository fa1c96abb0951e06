-- CopilotMetrics.Storage.Postgres, migration 0004: reserved. The repositories-as-rows and AI-credits migration is 0004 on
-- its own branch; this placeholder only keeps the numbering contiguous (1..N) on the drift branch. Delete this file when
-- the two branches are merged.
SELECT 1;
