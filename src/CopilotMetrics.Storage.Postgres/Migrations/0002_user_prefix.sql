-- CopilotMetrics.Storage.Postgres, migration 0002: per-user running totals (prefix sums) for range rankings.
-- {schema} is replaced by the (validated, quoted) schema name.

-- One row per (scope, day with stored per-user data): for every user ordinal (user_ordinals), the user's totals over
-- all stored days up to and including this day, as little-endian arrays indexed by ordinal (int32 for active_days,
-- int64 for the counters; ordinals at or beyond "users" are 0). A range's per-user totals are the difference of two rows
-- (the range's last day and the day before it), so ranking every user over any range reads two rows.
-- Rebuilt lazily like user_rollups: a write of day d inserts the marker (level 0, block = d's day number) into
-- rollup_dirty, which makes the rows of days >= d stale until the next rebuild; queries never use a stale row.
CREATE TABLE {schema}.user_prefix (
    scope_id                        integer NOT NULL,
    day                             date NOT NULL,
    users                           integer NOT NULL,
    active_days                     bytea NOT NULL,
    user_initiated_interaction_count bytea NOT NULL,
    code_generation_activity_count  bytea NOT NULL,
    code_acceptance_activity_count  bytea NOT NULL,
    loc_added_sum                   bytea NOT NULL,
    PRIMARY KEY (scope_id, day)
);

-- Incompressible arrays: stored out of line without compression, so a read is a plain copy.
ALTER TABLE {schema}.user_prefix
    ALTER COLUMN active_days SET STORAGE EXTERNAL,
    ALTER COLUMN user_initiated_interaction_count SET STORAGE EXTERNAL,
    ALTER COLUMN code_generation_activity_count SET STORAGE EXTERNAL,
    ALTER COLUMN code_acceptance_activity_count SET STORAGE EXTERNAL,
    ALTER COLUMN loc_added_sum SET STORAGE EXTERNAL;

-- A store upgraded from version 1 builds its running totals on the next refresh.
INSERT INTO {schema}.rollup_dirty (scope_id, seq, level, block)
SELECT scope_id, nextval('{schema}.change_seq'), 0, min(day) - date '0001-01-01'
FROM {schema}.user_days GROUP BY scope_id;
