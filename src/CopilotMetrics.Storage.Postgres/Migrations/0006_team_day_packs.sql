-- CopilotMetrics.Storage.Postgres, migration 0006: one row per (scope, day) packing that day's teams for team metrics.
-- {schema} is replaced by the (validated, quoted) schema name.

-- Each day's team_days rows and their team_day_sums (zero when a team has none) as parallel arrays ordered by team id,
-- rewritten whenever either table changes for the day (both writers hold the day's team lock). A 90-day team query
-- reads 90 of these rows instead of two sets of ~5,400 (team, day) rows.
CREATE TABLE {schema}.team_day_packs (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    team_ids        bigint[] NOT NULL,
    version_ids     bigint[] NOT NULL,
    slugs           text[] NOT NULL,
    counters        bigint[] NOT NULL, -- 7 per team, in the order of the counter columns
    PRIMARY KEY (scope_id, day)
);

-- Days written before this migration: each team's row with its 7 counters, then one row per day (the counters of the
-- teams one after another, in team order).
WITH t AS (
    SELECT td.scope_id, td.day, td.team_id, td.version_id, td.slug, ARRAY[
        coalesce(s.user_initiated_interaction_count, 0), coalesce(s.code_generation_activity_count, 0),
        coalesce(s.code_acceptance_activity_count, 0), coalesce(s.loc_suggested_to_add_sum, 0),
        coalesce(s.loc_suggested_to_delete_sum, 0), coalesce(s.loc_added_sum, 0), coalesce(s.loc_deleted_sum, 0)]::bigint[] AS c
    FROM {schema}.team_days td
    LEFT JOIN {schema}.team_day_sums s ON s.scope_id = td.scope_id AND s.day = td.day AND s.team_id = td.team_id),
g AS (
    SELECT scope_id, day, array_agg(team_id ORDER BY team_id) AS team_ids, array_agg(version_id ORDER BY team_id) AS version_ids,
        array_agg(slug ORDER BY team_id) AS slugs, array_agg(c ORDER BY team_id) AS c
    FROM t GROUP BY scope_id, day)
INSERT INTO {schema}.team_day_packs (scope_id, day, team_ids, version_ids, slugs, counters)
SELECT scope_id, day, team_ids, version_ids, slugs, ARRAY(SELECT x FROM unnest(g.c) WITH ORDINALITY AS u(x, o) ORDER BY o)
FROM g;
