-- CopilotMetrics.Storage.Postgres, migration 0004: repository days typed (owner, bare name, visibility, pull-request
-- counts and medians, review times), and the AI-credit usage dataset.
-- {schema} is replaced by the (validated, quoted) schema name.

-- 1. A repository row's typed facts. The pull-request columns are null when the row had no pull_requests object, the
-- medians also when the object lacked them; review_time_count is null when the row had no pull_request_review_times
-- ("not reported", every day before 2026-09-21) and 0 when it was reported empty. typed is false on the rows written
-- before this migration: the store fills their new columns from the lossless copy (raw_chunks) when it starts with
-- SchemaMode.Migrate, and sets it; rows written since are typed as they are written.
ALTER TABLE {schema}.repository_days
    ADD COLUMN repo_owner_name text,
    ADD COLUMN repo_visibility text,
    ADD COLUMN pr_total_created bigint,
    ADD COLUMN pr_total_reviewed bigint,
    ADD COLUMN pr_total_merged bigint,
    ADD COLUMN pr_median_minutes_to_merge double precision,
    ADD COLUMN pr_total_suggestions bigint,
    ADD COLUMN pr_total_applied_suggestions bigint,
    ADD COLUMN pr_total_created_by_copilot bigint,
    ADD COLUMN pr_total_reviewed_by_copilot bigint,
    ADD COLUMN pr_total_merged_created_by_copilot bigint,
    ADD COLUMN pr_total_merged_reviewed_by_copilot bigint,
    ADD COLUMN pr_median_minutes_to_merge_copilot_authored double precision,
    ADD COLUMN pr_median_minutes_to_merge_copilot_reviewed double precision,
    ADD COLUMN pr_total_copilot_suggestions bigint,
    ADD COLUMN pr_total_copilot_applied_suggestions bigint,
    ADD COLUMN review_time_count integer,
    ADD COLUMN typed boolean NOT NULL DEFAULT false;

-- What is left to type, found at start-up without reading the table (empty once the rows are typed).
CREATE INDEX repository_days_untyped ON {schema}.repository_days (scope_id, day) WHERE NOT typed;

-- 2. The review-time entries of a repository row (entry = position in the row's list): a child table rather than
-- arrays, so that a query filters and aggregates them with plain SQL (WHERE authored_by = 'human', percentile_cont over
-- the medians) and an entry's nine values stay together.
CREATE TABLE {schema}.repository_review_times (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    ordinal         integer NOT NULL,
    entry           integer NOT NULL,
    authored_by     text,
    reviewed_by     text,
    total_merged    bigint,
    median_minutes_ready_to_first_review double precision,
    p90_minutes_ready_to_first_review    double precision,
    median_minutes_first_to_final_review double precision,
    p90_minutes_first_to_final_review    double precision,
    median_minutes_final_review_to_merge double precision,
    p90_minutes_final_review_to_merge    double precision,
    PRIMARY KEY (scope_id, day, ordinal, entry)
);

-- 3. A day's AI-credit usage items (dataset 5), typed; the items themselves (unknown fields included) are in raw_chunks.
-- numeric, not double precision: GitHub's quantities and amounts are decimal, and sums of them must stay exact.
CREATE TABLE {schema}.ai_credit_items (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    ordinal         integer NOT NULL,
    product         text NOT NULL,
    sku             text NOT NULL,
    model           text NOT NULL,
    unit_type       text NOT NULL,
    price_per_unit  numeric NOT NULL,
    gross_quantity  numeric NOT NULL,
    gross_amount    numeric NOT NULL,
    discount_quantity numeric NOT NULL,
    discount_amount numeric NOT NULL,
    net_quantity    numeric NOT NULL,
    net_amount      numeric NOT NULL,
    PRIMARY KEY (scope_id, day, ordinal)
);
