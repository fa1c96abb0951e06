-- CopilotMetrics.Storage.Postgres, migration 0001: the initial schema.
-- {schema} is replaced by the (validated, quoted) schema name. The migration runner applies this script inside one
-- transaction under pg_advisory_xact_lock and records it in {schema}.schema_migrations.
-- Monthly partitions of user_days and raw_chunks (user_days_pYYYY_MM, raw_chunks_pYYYY_MM) are created by the store on
-- demand, before the first write of a month.

-- Organizations and enterprises; scope_id keeps the big tables narrow.
CREATE TABLE {schema}.scopes (
    scope_id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            smallint NOT NULL,                 -- 0 organization, 1 enterprise
    name            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scopes_kind_name UNIQUE (kind, name)
);

-- One row per stored report-day (scope, dataset, day): what was stored and its content hash.
-- dataset: 0 aggregate, 1 users, 2 user-teams, 3 repositories, 4 seats.
CREATE TABLE {schema}.report_days (
    scope_id        integer NOT NULL REFERENCES {schema}.scopes,
    dataset         smallint NOT NULL,
    day             date NOT NULL,
    row_count       bigint NOT NULL,
    content_hash    text NOT NULL,
    raw_format      smallint NOT NULL,                 -- 0 inline json (aggregate), 1 deflate-compressed NDJSON chunks
    stored_at       timestamptz NOT NULL,
    PRIMARY KEY (scope_id, dataset, day)
);

-- The lossless copy of per-row datasets: each record's JSON exactly as ContentHash hashed it, one per line, in the
-- order the reads return (users by user id, user-teams by team id then user id, repositories and seats as written),
-- deflate-compressed in chunks of about 1 MiB of JSON.
CREATE TABLE {schema}.raw_chunks (
    scope_id        integer NOT NULL,
    dataset         smallint NOT NULL,
    day             date NOT NULL,
    chunk           integer NOT NULL,
    record_count    integer NOT NULL,
    data            bytea NOT NULL,
    PRIMARY KEY (scope_id, dataset, day, chunk)
) PARTITION BY RANGE (day);

-- Aggregate days: the daily-series columns extracted, and the record's JSON text verbatim (json keeps it byte for byte).
CREATE TABLE {schema}.aggregate_days (
    scope_id                        integer NOT NULL REFERENCES {schema}.scopes,
    day                             date NOT NULL,
    daily_active_users              integer NOT NULL,
    weekly_active_users             integer NOT NULL,
    monthly_active_users            integer NOT NULL,
    monthly_active_chat_users       integer NOT NULL,
    monthly_active_agent_users      integer NOT NULL,
    user_initiated_interaction_count bigint NOT NULL,
    code_generation_activity_count  bigint NOT NULL,
    code_acceptance_activity_count  bigint NOT NULL,
    loc_suggested_to_add_sum        bigint NOT NULL,
    loc_suggested_to_delete_sum     bigint NOT NULL,
    loc_added_sum                   bigint NOT NULL,
    loc_deleted_sum                 bigint NOT NULL,
    record                          json NOT NULL,
    PRIMARY KEY (scope_id, day)
);

-- The aggregate record's totals_by_* rows summed per key: dimension 0 ide, 1 feature, 2 language (over features),
-- 3 model (over features).
CREATE TABLE {schema}.aggregate_breakdowns (
    scope_id                        integer NOT NULL,
    dimension                       smallint NOT NULL,
    day                             date NOT NULL,
    key                             text NOT NULL,
    user_initiated_interaction_count bigint NOT NULL,
    code_generation_activity_count  bigint NOT NULL,
    code_acceptance_activity_count  bigint NOT NULL,
    loc_suggested_to_add_sum        bigint NOT NULL,
    loc_suggested_to_delete_sum     bigint NOT NULL,
    loc_added_sum                   bigint NOT NULL,
    loc_deleted_sum                 bigint NOT NULL,
    PRIMARY KEY (scope_id, dimension, day, key)
);

-- Per-user days: the narrow typed columns the queries filter and sum (the full record is in raw_chunks).
CREATE TABLE {schema}.user_days (
    scope_id                        integer NOT NULL,
    day                             date NOT NULL,
    user_id                         bigint NOT NULL,
    user_initiated_interaction_count bigint NOT NULL,
    code_generation_activity_count  bigint NOT NULL,
    code_acceptance_activity_count  bigint NOT NULL,
    loc_suggested_to_add_sum        bigint NOT NULL,
    loc_suggested_to_delete_sum     bigint NOT NULL,
    loc_added_sum                   bigint NOT NULL,
    loc_deleted_sum                 bigint NOT NULL,
    ai_credits_used                 double precision,
    ai_adoption_phase               smallint,
    used_agent                      boolean NOT NULL,
    used_chat                       boolean NOT NULL,
    used_cli                        boolean NOT NULL,
    used_copilot_coding_agent       boolean NOT NULL,
    used_copilot_cloud_agent        boolean NOT NULL,
    used_copilot_code_review_active boolean,
    used_copilot_code_review_passive boolean,
    login                           text NOT NULL,
    PRIMARY KEY (scope_id, day, user_id)
) PARTITION BY RANGE (day);

-- Dense per-scope user numbers: bit i of a user bitmap is the user with ordinal i.
CREATE TABLE {schema}.user_ordinals (
    scope_id        integer NOT NULL,
    user_id         bigint NOT NULL,
    ordinal         integer NOT NULL,
    PRIMARY KEY (scope_id, user_id),
    CONSTRAINT user_ordinals_ordinal UNIQUE (scope_id, ordinal)
);

-- Which users had a per-user row on a day (dimension 0, key ''), or a totals_by_* row for a key (1 ide, 2 feature,
-- 3 language, 4 model): bitmaps over ordinals in blocks of 8192 (block b holds ordinals 8192*b .. 8192*b+8191;
-- empty blocks are not stored). Distinct users over any range are bit_count(bit_or(...)), never sums.
CREATE TABLE {schema}.day_user_bits (
    scope_id        integer NOT NULL,
    dimension       smallint NOT NULL,
    day             date NOT NULL,
    key             text NOT NULL,
    block           integer NOT NULL,
    bits            bit varying(8192) NOT NULL,
    PRIMARY KEY (scope_id, dimension, day, key, block)
);

-- Distinct users per day, kind (EngagementKind) and key, counted when the day was written.
CREATE TABLE {schema}.day_engagement (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    kind            smallint NOT NULL,
    key             text NOT NULL,
    users           integer NOT NULL,
    PRIMARY KEY (scope_id, day, kind, key)
);

-- Per-user sums over aligned blocks of 2^level days (block b of level l covers day numbers b*2^l .. (b+1)*2^l-1,
-- day number = days since 0001-01-01). Rebuilt lazily from user_days: writes mark blocks in rollup_dirty, and the
-- first query that needs them (or RefreshSummariesAsync) rebuilds them; queries never use a dirty block.
CREATE TABLE {schema}.user_rollups (
    scope_id                        integer NOT NULL,
    level                           smallint NOT NULL,
    block                           integer NOT NULL,
    user_id                         bigint NOT NULL,
    active_days                     integer NOT NULL,
    last_day                        date NOT NULL,
    user_initiated_interaction_count bigint NOT NULL,
    code_generation_activity_count  bigint NOT NULL,
    code_acceptance_activity_count  bigint NOT NULL,
    loc_suggested_to_add_sum        bigint NOT NULL,
    loc_suggested_to_delete_sum     bigint NOT NULL,
    loc_added_sum                   bigint NOT NULL,
    loc_deleted_sum                 bigint NOT NULL,
    ai_credits_used                 double precision NOT NULL,
    PRIMARY KEY (scope_id, level, block, user_id)
);

CREATE SEQUENCE {schema}.change_seq;

-- Append-only change markers (a write inserts, a rebuild deletes the ones it read), so writers never wait on them.
CREATE TABLE {schema}.rollup_dirty (
    scope_id        integer NOT NULL,
    seq             bigint NOT NULL,
    level           smallint NOT NULL,
    block           integer NOT NULL,
    PRIMARY KEY (scope_id, seq)
);

-- Team membership, deduplicated: a team's member set is stored once per distinct set (a version) and each day points
-- at the version it had.
CREATE TABLE {schema}.team_versions (
    version_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope_id        integer NOT NULL,
    team_id         bigint NOT NULL,
    members_hash    bytea NOT NULL,
    member_count    integer NOT NULL,
    CONSTRAINT team_versions_members UNIQUE (scope_id, team_id, members_hash)
);

CREATE TABLE {schema}.team_version_members (
    version_id      bigint NOT NULL REFERENCES {schema}.team_versions ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    PRIMARY KEY (version_id, user_id)
);

CREATE TABLE {schema}.team_version_bits (
    version_id      bigint NOT NULL REFERENCES {schema}.team_versions ON DELETE CASCADE,
    block           integer NOT NULL,
    bits            bit varying(8192) NOT NULL,
    PRIMARY KEY (version_id, block)
);

CREATE TABLE {schema}.team_days (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    team_id         bigint NOT NULL,
    version_id      bigint NOT NULL REFERENCES {schema}.team_versions,
    slug            text,
    PRIMARY KEY (scope_id, day, team_id)
);

CREATE INDEX team_days_version ON {schema}.team_days (version_id);

-- Counters summed over each day's (member, per-user row) pairs, computed when the day's per-user rows or its
-- memberships are written (both writes take the day's team lock, so the later one sees the other's rows).
CREATE TABLE {schema}.team_day_sums (
    scope_id                        integer NOT NULL,
    day                             date NOT NULL,
    team_id                         bigint NOT NULL,
    user_initiated_interaction_count bigint NOT NULL,
    code_generation_activity_count  bigint NOT NULL,
    code_acceptance_activity_count  bigint NOT NULL,
    loc_suggested_to_add_sum        bigint NOT NULL,
    loc_suggested_to_delete_sum     bigint NOT NULL,
    loc_added_sum                   bigint NOT NULL,
    loc_deleted_sum                 bigint NOT NULL,
    PRIMARY KEY (scope_id, day, team_id)
);

-- Repository rows: id and name typed (the rest of the undocumented record is in raw_chunks).
CREATE TABLE {schema}.repository_days (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    ordinal         integer NOT NULL,
    repo_id         bigint,
    repo_name       text,
    PRIMARY KEY (scope_id, day, ordinal)
);

-- Seat snapshots: what the seat history needs, typed (the seats themselves are in raw_chunks).
CREATE TABLE {schema}.seat_snapshots (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    ordinal         integer NOT NULL,
    assignee_id     bigint,
    assignee_login  text,
    last_activity_at timestamptz,
    plan_type       text,
    assigning_team_slug text,
    PRIMARY KEY (scope_id, day, ordinal)
);

-- Sync status per report-day, and the claim that stops two workers fetching the same day at once. state is null for a
-- row that holds only a claim.
CREATE TABLE {schema}.sync_status (
    scope_id        integer NOT NULL REFERENCES {schema}.scopes,
    dataset         smallint NOT NULL,
    day             date NOT NULL,
    state           smallint,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    row_count       bigint NOT NULL DEFAULT 0,
    skipped_lines   bigint NOT NULL DEFAULT 0,
    content_hash    text,
    updated_at      timestamptz,
    completed_at    timestamptz,
    next_attempt_at timestamptz,
    claim_owner     text,
    claim_expires_at timestamptz,
    PRIMARY KEY (scope_id, dataset, day)
);

CREATE INDEX sync_status_day ON {schema}.sync_status (day);
CREATE INDEX report_days_day ON {schema}.report_days (day);
