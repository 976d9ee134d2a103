-- The rollup's pending maxima (migration 20261201194000) as a plain append (issue 16 item 5).
-- Their primary key made every ingest statement's append a speculative insertion (ON CONFLICT DO
-- NOTHING: probe, insert, confirm) into a three-column text index that the fold empties every few
-- seconds: 18 µs of backend wall time per event under the ingest bench's four writers, the largest
-- part of the insert after the events themselves (`npm run bench -- ingest --statements`); 2.3 µs of
-- CPU per event alone (the insert with its triggers 31.4 -> 29.1 µs, ingest-path-micro). The fold groups by
-- (person, name) anyway, so duplicate maxima are harmless. The index on profile_id serves the
-- recompute trigger's deletes (events moved or deleted), which now only run when some person is named.
ALTER TABLE "profile_event_last_pending" DROP CONSTRAINT "profile_event_last_pending_pkey";
CREATE INDEX "profile_event_last_pending_profile_id_idx" ON "profile_event_last_pending" ("profile_id");

CREATE OR REPLACE FUNCTION "segments_rollup_upsert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('downstream.rollup', true) = 'deferred' THEN
    INSERT INTO profile_event_last_pending (profile_id, name, last_at)
    SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
    GROUP BY profile_id, name;
    RETURN NULL;
  END IF;
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
  GROUP BY profile_id, name ORDER BY profile_id, name
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  RETURN NULL;
END $$;

-- Updates and deletes as before; the recompute of the old pairs is skipped when no old row had a
-- person (the alias link's backfill: anonymous events adopted by their person), which is most of them.
CREATE OR REPLACE FUNCTION "segments_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows WHERE profile_id IS NOT NULL) THEN
    DELETE FROM profile_event_last_pending l
    USING (SELECT DISTINCT profile_id, name FROM old_rows WHERE profile_id IS NOT NULL) k
    WHERE l.profile_id = k.profile_id AND l.name = k.name;
    DELETE FROM profile_event_last l
    USING (SELECT DISTINCT profile_id, name FROM old_rows WHERE profile_id IS NOT NULL) k
    WHERE l.profile_id = k.profile_id AND l.name = k.name;
    INSERT INTO profile_event_last AS l (profile_id, name, last_at)
    SELECT e.profile_id, e.name, max(e.occurred_at)
    FROM events e JOIN (SELECT DISTINCT profile_id, name FROM old_rows WHERE profile_id IS NOT NULL) k ON e.profile_id = k.profile_id AND e.name = k.name
    GROUP BY e.profile_id, e.name ORDER BY 1, 2
    ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO profile_event_last AS l (profile_id, name, last_at)
    SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
    GROUP BY profile_id, name ORDER BY profile_id, name
    ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  END IF;
  RETURN NULL;
END $$;
