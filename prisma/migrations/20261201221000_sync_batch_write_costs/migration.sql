-- A first sync's commits cost Postgres more than the delivery itself (issue 16 item 3, measured on
-- the sync bench at 1M members). Two per-member costs go, with the same results:

-- 1. A new add batch's entries were one INSERT … ON CONFLICT DO UPDATE per member: a speculative
--    insertion each, 2.7x a plain insert of the same rows (1M entries: 4.3 s against 1.6 s).
--    Most add batches name nobody who entered before (every batch of a first run), so the plain
--    insert is tried first; if anyone already has an entry (a re-entry, or a concurrent writer) it
--    fails as a whole on the primary key, is rolled back to the block's start, and the upsert runs
--    as before. Either way each person keeps the earliest time (the lift report's first entry).
CREATE OR REPLACE FUNCTION "sync_entries_add"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s TEXT;
BEGIN
  SELECT sync_id INTO s FROM sync_runs WHERE id = NEW.run_id AND NOT dry_run;
  IF s IS NULL THEN RETURN NULL; END IF;
  BEGIN
    INSERT INTO sync_entries (sync_id, profile_id, entered_at)
    SELECT s, x.profile_id, coalesce(NEW.finished_at, NEW.started_at) FROM unnest(NEW.profile_ids) x(profile_id);
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO sync_entries (sync_id, profile_id, entered_at)
    SELECT s, x.profile_id, coalesce(NEW.finished_at, NEW.started_at) FROM unnest(NEW.profile_ids) x(profile_id)
    ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(sync_entries.entered_at, EXCLUDED.entered_at);
  END;
  RETURN NULL;
END $$;

-- 2. A batch's member ids (10,000 bigints, 80 kB) were pglz-compressed on the way to TOAST: 4.1 s
--    of CPU per million ids against 0.4 s stored as they are. Sorted ids compress to 40%, so the
--    history takes 2.4x the space (8 MB per million members sent); reading it needs no decompression.
ALTER TABLE "sync_run_batches" ALTER COLUMN "profile_ids" SET STORAGE EXTERNAL;
