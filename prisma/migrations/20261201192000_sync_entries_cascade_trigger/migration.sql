-- sync_entries loses its foreign key to syncs; a trigger on syncs deletes a sync's entries instead.
-- The key was checked row by row: a sync's first run inserts one entry per member (1M for a 1M
-- audience), and each check (a key-share lock on the same syncs row) cost ~3 µs of a 10 µs insert,
-- 30% of the entry trigger's CPU (measured on the sync bench, issue 16 item 3).
-- The guarantee stays: an entry is only ever written by the sync_run_batches triggers, from a
-- sync_runs row (itself keyed to syncs, and locked by the batch's own foreign key check, so a
-- sync cannot be deleted under a run's commit), and deleting a sync deletes its entries.
ALTER TABLE "sync_entries" DROP CONSTRAINT "sync_entries_sync_id_fkey";

CREATE FUNCTION "sync_entries_sync_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sync_entries WHERE sync_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER "sync_entries_sync_deleted" AFTER DELETE ON "syncs"
  FOR EACH ROW EXECUTE FUNCTION "sync_entries_sync_deleted"();
