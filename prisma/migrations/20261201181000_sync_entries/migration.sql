-- When each person first entered a sync's delivered audience: the earliest acknowledged add batch
-- of a real (not dry) run naming them. The lift report reads it by one index scan instead of
-- unnesting every batch's profile_ids (900,000 ids for a 1M audience) and grouping them by person.
-- Kept by triggers on sync_run_batches, so every writer (commit-batch.ts, a Google request that
-- later failed and empties its batch in recheck-requests.ts, a run deleted with its batches) keeps it
-- equal to the min() over the history it replaces.
CREATE TABLE "sync_entries" (
    "sync_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "entered_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "sync_entries_pkey" PRIMARY KEY ("sync_id","profile_id")
);
ALTER TABLE "sync_entries" ADD CONSTRAINT "sync_entries_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A new add batch: its people enter at its time unless they entered earlier.
CREATE FUNCTION "sync_entries_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_entries (sync_id, profile_id, entered_at)
  SELECT r.sync_id, x.profile_id, coalesce(NEW.finished_at, NEW.started_at)
    FROM sync_runs r CROSS JOIN LATERAL unnest(NEW.profile_ids) x(profile_id)
   WHERE r.id = NEW.run_id AND NOT r.dry_run
  ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(sync_entries.entered_at, EXCLUDED.entered_at);
  RETURN NULL;
END $$;
CREATE TRIGGER "sync_entries_add" AFTER INSERT ON "sync_run_batches"
  FOR EACH ROW WHEN (NEW.op = 'add' AND cardinality(NEW.profile_ids) > 0) EXECUTE FUNCTION "sync_entries_add"();

-- A batch changed or removed (rare): its people's entry is recomputed from the history that is left.
CREATE FUNCTION "sync_entries_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s TEXT;
BEGIN
  SELECT sync_id INTO s FROM sync_runs WHERE id = OLD.run_id;
  IF s IS NULL THEN RETURN NULL; END IF;
  DELETE FROM sync_entries WHERE sync_id = s AND profile_id = ANY(OLD.profile_ids);
  INSERT INTO sync_entries (sync_id, profile_id, entered_at)
  SELECT s, x.profile_id, min(coalesce(b.finished_at, b.started_at))
    FROM sync_runs r JOIN sync_run_batches b ON b.run_id = r.id CROSS JOIN LATERAL unnest(b.profile_ids) x(profile_id)
   WHERE r.sync_id = s AND NOT r.dry_run AND b.op = 'add' AND b.profile_ids && OLD.profile_ids AND x.profile_id = ANY(OLD.profile_ids)
   GROUP BY x.profile_id
  ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(sync_entries.entered_at, EXCLUDED.entered_at);
  RETURN NULL;
END $$;
CREATE TRIGGER "sync_entries_change" AFTER UPDATE OF "profile_ids", "op", "started_at", "finished_at" ON "sync_run_batches"
  FOR EACH ROW WHEN (OLD.op = 'add' AND cardinality(OLD.profile_ids) > 0) EXECUTE FUNCTION "sync_entries_recompute"();
CREATE TRIGGER "sync_entries_delete" AFTER DELETE ON "sync_run_batches"
  FOR EACH ROW WHEN (OLD.op = 'add' AND cardinality(OLD.profile_ids) > 0) EXECUTE FUNCTION "sync_entries_recompute"();

-- Backfill from the history so far.
INSERT INTO sync_entries (sync_id, profile_id, entered_at)
SELECT r.sync_id, x.profile_id, min(coalesce(b.finished_at, b.started_at))
  FROM sync_runs r JOIN sync_run_batches b ON b.run_id = r.id CROSS JOIN LATERAL unnest(b.profile_ids) x(profile_id)
 WHERE NOT r.dry_run AND b.op = 'add' AND coalesce(b.finished_at, b.started_at) IS NOT NULL
 GROUP BY r.sync_id, x.profile_id;
