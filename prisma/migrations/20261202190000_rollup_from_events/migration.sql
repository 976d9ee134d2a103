-- profile_event_last folded from the events themselves (issue 16 item 5).
--
-- Until now every ingest statement appended its (person, name) maxima to
-- profile_event_last_pending (migration 20261201194000), and a folder deleted them again and
-- upserted the rollup; readers also re-aggregated every event above an id watermark, for bulk
-- loads that skip triggers. That is three writes per event for one maximum: the append (6.2 s of
-- the ingest bench's 44.8 s of insert time) and the fold's delete (most of 11 s) were the largest
-- costs after the events themselves (`npm run bench -- ingest --statements`).
--
-- Now nothing is written on the ingest path. The folder (lib/segments/sql/rollup-catch-up.ts)
-- aggregates the events whose storing transaction (events.ingest_xid, the cursor the stream
-- fan-out and the near-real-time pass already read) is at or above its position, and moves the
-- position to its snapshot's xmin: every transaction below that has ended, so none can still add
-- events there; those at or above it are read again next time (a maximum applied twice is
-- harmless). Bulk loads are covered the same way: the column is a default, not a trigger.
--
-- Updates and deletes of events keep their synchronous recompute. The product only ever moves
-- events onto a person (an anonymous id's backfill, which only raises maxima) or deletes them
-- with their person (the rollup row goes with the person, and a fold that read the events first
-- fails its foreign key and runs again).

ALTER TABLE "segment_rollup_state" ADD COLUMN "xid" BIGINT;

-- What was pending, and any bulk-loaded events above the old watermark, are folded in here, so
-- the new position may start at the present.
INSERT INTO profile_event_last AS l (profile_id, name, last_at)
SELECT p.profile_id, p.name, max(p.last_at) FROM profile_event_last_pending p
 WHERE EXISTS (SELECT 1 FROM profiles x WHERE x.id = p.profile_id)
 GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
INSERT INTO profile_event_last AS l (profile_id, name, last_at)
SELECT e.profile_id, e.name, max(e.occurred_at) FROM events e
 WHERE e.id > (SELECT event_id FROM segment_rollup_state WHERE id = 'profile_event_last') AND e.profile_id IS NOT NULL
 GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
INSERT INTO "segment_rollup_state" ("id") VALUES ('profile_event_last') ON CONFLICT DO NOTHING;
UPDATE segment_rollup_state SET xid = pg_snapshot_xmin(pg_current_snapshot())::text::bigint, updated_at = now() WHERE id = 'profile_event_last';
ALTER TABLE "segment_rollup_state" ALTER COLUMN "xid" SET NOT NULL;
ALTER TABLE "segment_rollup_state" DROP COLUMN "event_id";

DROP TRIGGER "events_rollup_insert" ON "events";
DROP FUNCTION "segments_rollup_upsert"();
DROP TABLE "profile_event_last_pending";

-- As before, without the pending table.
CREATE OR REPLACE FUNCTION "segments_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows WHERE profile_id IS NOT NULL) THEN
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

-- Emptying events empties the rollup; the position stays (nothing below it can reappear).
CREATE OR REPLACE FUNCTION "segments_rollup_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_event_last;
  RETURN NULL;
END $$;
