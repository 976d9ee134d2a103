-- profile_event_last without row-lock contention on the ingest path (issue 16 item 5). Its
-- statement trigger upserted one row per (person, event name) inside every ingest statement, so
-- two batches carrying the same person waited on each other's commit (Lock:transactionid), and
-- the upserts were 40% of the insert's CPU. The ingest writer now marks its statements
-- (downstream.rollup = 'deferred', transaction-local) and the trigger only appends each
-- statement's maxima here: no row is updated, so no writer waits on another. catchUpEventRollup
-- (lib/segments/sql/rollup-catch-up.ts) folds the pending rows in, one folder at a time, before
-- anything reads the rollup, and the worker folds every few seconds so the table stays small.
-- Every other writer (and every test) keeps the exact synchronous upsert.
--
-- The key is the whole row: an identical maximum appended twice is redundant (DO NOTHING).
-- It also serves the per-(person, name) deletes below. No foreign key (it would cost a check
-- per row): the fold drops rows whose person is gone, and deleting a person's events removes
-- their pending rows through the recompute trigger.
CREATE TABLE "profile_event_last_pending" (
    "profile_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "last_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "profile_event_last_pending_pkey" PRIMARY KEY ("profile_id", "name", "last_at")
);

CREATE OR REPLACE FUNCTION "segments_rollup_upsert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('downstream.rollup', true) = 'deferred' THEN
    INSERT INTO profile_event_last_pending (profile_id, name, last_at)
    SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
    GROUP BY profile_id, name
    ON CONFLICT DO NOTHING;
    RETURN NULL;
  END IF;
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
  GROUP BY profile_id, name ORDER BY profile_id, name
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  RETURN NULL;
END $$;

-- Updates and deletes recompute the old pairs from events (as before). A pending maximum for
-- such a pair may belong to an event that is now gone or moved: it is dropped, since the
-- recompute already reads every event the pair still has (a concurrent writer's pending row,
-- not visible here, belongs to an event that exists).
CREATE OR REPLACE FUNCTION "segments_rollup_recompute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO profile_event_last AS l (profile_id, name, last_at)
    SELECT profile_id, name, max(occurred_at) FROM new_rows WHERE profile_id IS NOT NULL
    GROUP BY profile_id, name ORDER BY profile_id, name
    ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "segments_rollup_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_event_last;
  DELETE FROM profile_event_last_pending;
  UPDATE segment_rollup_state SET event_id = 0, updated_at = now() WHERE id = 'profile_event_last';
  RETURN NULL;
END $$;
