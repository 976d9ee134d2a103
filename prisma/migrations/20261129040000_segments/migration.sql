-- Segments (issue 4): what segment evaluation needs to stay fast at a million people, plus
-- capped-membership bookkeeping. Mirrored in prisma/schema.prisma.

-- 1. Event windows are read as "which people did X between t1 and t2". With profile_id in
--    the index, that is an index-only scan (no visit to the wide events heap, where the JSON
--    properties live). Same name and key columns as before, so Prisma's @@index still matches.
DROP INDEX "events_name_occurred_at_idx";
CREATE INDEX "events_name_occurred_at_idx" ON "events"("name", "occurred_at") INCLUDE ("profile_id");

-- 2. Latest occurrence of each event per person. "Did X in the last N days", "days since the
--    last purchase" and "no purchase since the checkout" read one row per person here instead
--    of every event (lib/segments/sql/rollup.ts says exactly when the compiler may use it).
--    Kept exact by the statement-level triggers below, in the same transaction as the write.
CREATE TABLE "profile_event_last" (
    "profile_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "last_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "profile_event_last_pkey" PRIMARY KEY ("profile_id","name")
);
CREATE INDEX "profile_event_last_name_last_at_idx" ON "profile_event_last"("name", "last_at") INCLUDE ("profile_id");
ALTER TABLE "profile_event_last" ADD CONSTRAINT "profile_event_last_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Bulk loads that run with session_replication_role = replica (lib/demo/seed.ts) skip
-- triggers. The rollup remembers the highest event id it has certainly seen; anything above
-- it is folded in before segments are evaluated (catchUpEventRollup in lib/segments).
CREATE TABLE "segment_rollup_state" (
    "id" TEXT NOT NULL,
    "event_id" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_rollup_state_pkey" PRIMARY KEY ("id")
);
INSERT INTO "segment_rollup_state" ("id", "event_id") VALUES ('profile_event_last', 0);

-- Upserts keep the maximum, so applying the same events twice is harmless. Sorted input gives
-- concurrent writers one lock order (no deadlocks between two bulk inserts).
CREATE FUNCTION "segments_rollup_upsert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
  GROUP BY profile_id, name ORDER BY profile_id, name
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  RETURN NULL;
END $$;

-- Updates (an anonymous event attached to a person) and deletes can lower a maximum: the
-- old (person, event) pairs are recomputed from events, the new ones upserted.
CREATE FUNCTION "segments_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_event_last l
  USING (SELECT DISTINCT profile_id, name FROM old_rows WHERE profile_id IS NOT NULL) k
  WHERE l.profile_id = k.profile_id AND l.name = k.name;
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT e.profile_id, e.name, max(e.occurred_at)
  FROM events e JOIN (SELECT DISTINCT profile_id, name FROM old_rows WHERE profile_id IS NOT NULL) k ON e.profile_id = k.profile_id AND e.name = k.name
  GROUP BY e.profile_id, e.name ORDER BY 1, 2
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO profile_event_last AS l (profile_id, name, last_at)
    SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
    GROUP BY profile_id, name ORDER BY profile_id, name
    ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  END IF;
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: a TRUNCATE of profiles cascades here and is still "using" the table.
CREATE FUNCTION "segments_rollup_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_event_last;
  UPDATE segment_rollup_state SET event_id = 0, updated_at = now() WHERE id = 'profile_event_last';
  RETURN NULL;
END $$;

CREATE TRIGGER "events_rollup_insert" AFTER INSERT ON "events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "segments_rollup_upsert"();
CREATE TRIGGER "events_rollup_update" AFTER UPDATE ON "events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "segments_rollup_recompute"();
CREATE TRIGGER "events_rollup_delete" AFTER DELETE ON "events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "segments_rollup_recompute"();
CREATE TRIGGER "events_rollup_truncate" AFTER TRUNCATE ON "events" FOR EACH STATEMENT EXECUTE FUNCTION "segments_rollup_reset"();

-- 3. Capped membership: who left because they reached the segment's cap, and when. They come
--    back only after new activity (lib/segments/refresh/refresh-statement.ts).
CREATE TABLE "segment_cap_exits" (
    "segment_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "capped_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "segment_cap_exits_pkey" PRIMARY KEY ("segment_id","profile_id")
);
ALTER TABLE "segment_cap_exits" ADD CONSTRAINT "segment_cap_exits_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_cap_exits" ADD CONSTRAINT "segment_cap_exits_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 4. Refresh bookkeeping shown on the segment page. (No new indexes on memberships or
--    transitions: every index there is paid once per entry and exit at refresh time.)
ALTER TABLE "segments" ADD COLUMN "last_refresh_ms" INTEGER;
ALTER TABLE "segments" ADD COLUMN "last_refresh_error" TEXT;
