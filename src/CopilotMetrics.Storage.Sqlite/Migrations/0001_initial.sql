-- CopilotMetrics SQLite store, schema version 1. Days are DateOnly.DayNumber; times are UTC ticks.

-- Organizations and enterprises; name_key is the ASCII-lower-case name (MetricsScope ignores ASCII case), name the
-- spelling written first.
CREATE TABLE scopes (
    scope_id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    UNIQUE (kind, name_key)
);

-- One row per stored report-day (scope, dataset, day): rows and content hash.
CREATE TABLE report_days (
    scope_id INTEGER NOT NULL,
    dataset INTEGER NOT NULL,
    day INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (scope_id, dataset, day)
) WITHOUT ROWID;

-- The lossless copy: each record's JSON as ContentHash hashed it, one per line, deflate-compressed in ~2 MiB chunks,
-- in read order.
CREATE TABLE raw_chunks (
    scope_id INTEGER NOT NULL,
    dataset INTEGER NOT NULL,
    day INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    records INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE UNIQUE INDEX raw_chunks_day ON raw_chunks (scope_id, dataset, day, seq);

-- The daily-series columns of each aggregate record.
CREATE TABLE aggregate_days (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    daily_active_users INTEGER NOT NULL,
    weekly_active_users INTEGER NOT NULL,
    monthly_active_users INTEGER NOT NULL,
    monthly_active_chat_users INTEGER NOT NULL,
    monthly_active_agent_users INTEGER NOT NULL,
    interactions INTEGER NOT NULL,
    generations INTEGER NOT NULL,
    acceptances INTEGER NOT NULL,
    loc_suggested_to_add INTEGER NOT NULL,
    loc_suggested_to_delete INTEGER NOT NULL,
    loc_added INTEGER NOT NULL,
    loc_deleted INTEGER NOT NULL,
    PRIMARY KEY (scope_id, day)
) WITHOUT ROWID;

-- The aggregate records' totals_by_* rows summed per (dimension, key).
CREATE TABLE aggregate_breakdowns (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    key TEXT NOT NULL,
    interactions INTEGER NOT NULL,
    generations INTEGER NOT NULL,
    acceptances INTEGER NOT NULL,
    loc_suggested_to_add INTEGER NOT NULL,
    loc_suggested_to_delete INTEGER NOT NULL,
    loc_added INTEGER NOT NULL,
    loc_deleted INTEGER NOT NULL,
    PRIMARY KEY (scope_id, dimension, day, key)
) WITHOUT ROWID;

-- Dense per-scope user numbers (append-only): the bit positions of the bitmaps.
CREATE TABLE user_ordinals (
    scope_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (scope_id, user_id)
) WITHOUT ROWID;

-- Per stored per-user day: every row's ordinal, user id, counters and credits (facts), and logins, as compact blobs.
CREATE TABLE user_day_facts (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    users INTEGER NOT NULL,
    facts BLOB NOT NULL,
    logins BLOB NOT NULL,
    PRIMARY KEY (scope_id, day)
);

-- Per (day, dimension, key): the users with a row (dimension 0, key '') or with an IDE / feature / language / model
-- row, as a bitmap of ordinals.
CREATE TABLE day_user_bits (
    scope_id INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    day INTEGER NOT NULL,
    key TEXT NOT NULL,
    bits BLOB NOT NULL,
    PRIMARY KEY (scope_id, dimension, day, key)
);

-- Distinct users per (day, engagement kind, key), counted at write time.
CREATE TABLE day_engagement (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    key TEXT NOT NULL,
    users INTEGER NOT NULL,
    PRIMARY KEY (scope_id, day, kind, key)
) WITHOUT ROWID;

-- Per (day, team): the last slug, the members and the members with a per-user row that day (bitmaps), and the
-- counters summed over those (member, row) pairs, computed by whichever of the day's two writes commits last.
CREATE TABLE team_days (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    slug TEXT,
    members BLOB NOT NULL,
    active BLOB NOT NULL,
    interactions INTEGER NOT NULL,
    generations INTEGER NOT NULL,
    acceptances INTEGER NOT NULL,
    loc_suggested_to_add INTEGER NOT NULL,
    loc_suggested_to_delete INTEGER NOT NULL,
    loc_added INTEGER NOT NULL,
    loc_deleted INTEGER NOT NULL,
    PRIMARY KEY (scope_id, day, team_id)
);

-- The seats of each snapshot: assignee and last activity (UTC ticks), for the seat history.
CREATE TABLE seat_facts (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    assignee_id INTEGER,
    last_activity_at INTEGER,
    PRIMARY KEY (scope_id, day, seq)
) WITHOUT ROWID;

-- Sync status per report-day, plus the claim (a row may hold only a claim: state is null).
CREATE TABLE sync_status (
    scope_id INTEGER NOT NULL,
    dataset INTEGER NOT NULL,
    day INTEGER NOT NULL,
    state INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    row_count INTEGER NOT NULL DEFAULT 0,
    skipped_lines INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT,
    updated_at INTEGER NOT NULL DEFAULT 0,
    completed_at INTEGER,
    next_attempt_at INTEGER,
    claim_owner TEXT,
    claim_until INTEGER,
    PRIMARY KEY (scope_id, dataset, day)
) WITHOUT ROWID;
