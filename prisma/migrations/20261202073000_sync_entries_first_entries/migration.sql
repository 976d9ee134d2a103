-- A first sync's entries without a conflict check per person (issue 16 item 3). The entry trigger
-- upserted every member of every add batch (ON CONFLICT: probe, speculative insert, confirm): at
-- 1M members that cost 4.0-4.7 s against 1.6-2.8 s for a plain INSERT of the same rows, and was
-- the first run's largest Postgres cost after the delivered set itself (`npm run bench -- sync
-- --statements`).
--
-- A first run's add batch carries its id range (member_range, migration 20261202013000). When the
-- sync has no entry in that range, none of the batch's people has entered before, so their entries
-- are inserted as they are: one index probe per batch instead of one upsert per person. Another
-- writer may still enter one of them meanwhile (a recheck recomputing an older batch's people):
-- the plain insert then waits for it and fails on the key, and the batch is upserted as before
-- (one subtransaction per batch, not per person). Every other batch upserts as before.
CREATE OR REPLACE FUNCTION "sync_entries_add"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s TEXT;
  at TIMESTAMP(3) := coalesce(NEW.finished_at, NEW.started_at);
BEGIN
  SELECT r.sync_id INTO s FROM sync_runs r WHERE r.id = NEW.run_id AND NOT r.dry_run;
  IF s IS NULL THEN RETURN NULL; END IF;
  IF NEW.member_range IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM sync_entries
        WHERE sync_id = s AND profile_id >= lower(NEW.member_range) AND profile_id < upper(NEW.member_range)) THEN
    BEGIN
      INSERT INTO sync_entries (sync_id, profile_id, entered_at) SELECT s, x.profile_id, at FROM unnest(NEW.profile_ids) x(profile_id);
      RETURN NULL;
    EXCEPTION WHEN unique_violation THEN
      NULL; -- entered meanwhile by another writer: upserted below
    END;
  END IF;
  INSERT INTO sync_entries (sync_id, profile_id, entered_at)
  SELECT s, x.profile_id, at FROM unnest(NEW.profile_ids) x(profile_id)
  ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(sync_entries.entered_at, EXCLUDED.entered_at);
  RETURN NULL;
END $$;
