-- CopilotMetrics.Storage.Postgres, migration 0007: the users of each surface (SurfaceKeys) as bitmaps.
-- {schema} is replaced by the (validated, quoted) schema name.

-- day_user_bits gains dimension 5 (key = a SurfaceKeys key: completions, chat_mode:<feature>, agent_mode, cloud_agent,
-- code_review_active, code_review_passive, cli, copilot_app, vscode_agent, third_party_agent:<id>), written with the
-- day from now on. The per-user days stored before this migration have no such bits: they are listed here, and the
-- store fills them from the lossless copy (raw_chunks) when it starts with SchemaMode.Migrate, a day per transaction
-- under the day's write lock, deleting the day's row; a write of the day deletes it too. Empty once done.
CREATE TABLE {schema}.surface_backfill (
    scope_id        integer NOT NULL,
    day             date NOT NULL,
    PRIMARY KEY (scope_id, day)
);

INSERT INTO {schema}.surface_backfill (scope_id, day)
SELECT DISTINCT scope_id, day FROM {schema}.day_user_bits WHERE dimension = 0;
