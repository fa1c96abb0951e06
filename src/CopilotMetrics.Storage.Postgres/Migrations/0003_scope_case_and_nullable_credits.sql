-- CopilotMetrics.Storage.Postgres, migration 0003: scope names without regard to case; AI credits of a rollup may be
-- "none reported".
-- {schema} is replaced by the (validated, quoted) schema name.

-- 1. GitHub treats organization logins and enterprise slugs without regard to case, and so does MetricsScope (ASCII
-- letters only, which is what lower() does under COLLATE "C"): one row per scope, found whatever the case it is
-- written in, and kept as first written. A schema that already holds one scope under two spellings is refused rather
-- than merged: each spelling has its own user numbers, bitmaps, rollups and possibly a version of the same day, so
-- there is no exact merge. Keep one of them (the README says how), then migrate again.
DO $$
DECLARE
    duplicates text;
BEGIN
    SELECT string_agg(d.names, '; ') INTO duplicates
    FROM (
        SELECT string_agg(CASE s.kind WHEN 0 THEN 'org:' ELSE 'enterprise:' END || s.name || ' (scope_id ' || s.scope_id || ')', ' and ' ORDER BY s.scope_id) AS names
        FROM {schema}.scopes s
        GROUP BY s.kind, lower(s.name COLLATE "C")
        HAVING count(*) > 1) AS d;
    IF duplicates IS NOT NULL THEN
        RAISE EXCEPTION 'The schema holds the same organization or enterprise under names that differ only in case: %. GitHub treats them as one scope, and so does this version of CopilotMetrics. Keep one: delete the rows of the other scope_id (see "Scopes whose names differ only in case" in the README of CopilotMetrics.Storage.Postgres), then start the store again.', duplicates;
    END IF;
END
$$;

ALTER TABLE {schema}.scopes DROP CONSTRAINT scopes_kind_name;
CREATE UNIQUE INDEX scopes_kind_name_ci ON {schema}.scopes (kind, lower(name COLLATE "C"));

-- 2. A user's AI credits over a range are null when none of their rows in it has ai_credits_used (older rows do not),
-- never 0: a rollup block keeps null when none of its rows has the value. Blocks built before counted a missing value
-- as 0, so every existing block is marked stale and rebuilt on the next refresh (RefreshSummariesAsync, or the first
-- query that needs it).
ALTER TABLE {schema}.user_rollups ALTER COLUMN ai_credits_used DROP NOT NULL;

INSERT INTO {schema}.rollup_dirty (scope_id, seq, level, block)
SELECT b.scope_id, nextval('{schema}.change_seq'), b.level, b.block
FROM (SELECT DISTINCT scope_id, level, block FROM {schema}.user_rollups) AS b;
