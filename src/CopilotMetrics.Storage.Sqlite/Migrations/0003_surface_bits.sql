-- The users of each surface (SurfaceKeys) as bitmaps: day_user_bits gains dimension 5 (key = a SurfaceKeys key), written
-- with the day from now on. The per-user days stored before this migration are listed here; the store fills their
-- surface bitmaps from the lossless copy (raw_chunks) when it opens the file, deleting each day's row (a write of the
-- day deletes it too). Empty once done.
CREATE TABLE surface_backfill (
    scope_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (scope_id, day)
) WITHOUT ROWID;

INSERT INTO surface_backfill (scope_id, day) SELECT DISTINCT scope_id, day FROM day_user_bits WHERE dimension = 0;
