-- CopilotMetrics.Storage.Postgres, migration 0006: reserved for the write-path work on another branch (the loader needs
-- the versions 1..N without gaps). This placeholder changes nothing; the branch that owns 0006 replaces it.
SELECT 1;
