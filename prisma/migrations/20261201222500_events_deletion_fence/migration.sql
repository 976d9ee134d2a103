-- The events -> profiles foreign key, replaced by an equivalent guarantee (issue 16 item 5).
-- Its check ran once per inserted event: a lookup of the person's row and a FOR KEY SHARE
-- lock on it, which dirtied (and WAL-logged) every profiles page an ingest batch touched;
-- measured at 8 µs of Postgres CPU per event, the largest single cost after the insert itself.
--
-- What the key guaranteed, and what guarantees it now:
-- - "no event names a person who does not exist": the ingest writer inserts events only for
--   people it has just resolved, in a transaction that holds the event-insert advisory lock
--   SHARED (lib/ingest/write/event-fence.ts) and re-checks, after taking it, that every person
--   still exists (lib/ingest/write/event-sql.ts). Deleting people holds that lock EXCLUSIVE
--   (lib/ingest/write/delete-person.ts), so a deletion either committed
--   before the check (the batch sees the person gone and retries, as after a key violation),
--   or waits until the events are committed and then deletes them with the person. The other
--   writers of events.profile_id take the id from a row that still has its own foreign key
--   (the alias backfill, from profile_aliases in the same statement).
-- - ON DELETE CASCADE: a statement trigger deletes the events of the deleted people, and
--   TRUNCATE of profiles empties events as TRUNCATE ... CASCADE did. Like the key's own
--   triggers they do not fire with session_replication_role = replica.
-- - ON UPDATE CASCADE: profile ids are never updated (BIGSERIAL, nothing writes them).
ALTER TABLE "events" DROP CONSTRAINT "events_profile_id_fkey";

CREATE FUNCTION "profiles_delete_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM events e USING (SELECT DISTINCT id FROM old_rows) o WHERE e.profile_id = o.id;
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: "TRUNCATE profiles, events" has events open in the same command. Usually
-- events are already empty here (the seeder and tests truncate both); otherwise this empties
-- them as TRUNCATE profiles CASCADE did, anonymous events included.
CREATE FUNCTION "profiles_truncate_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM events;
  RETURN NULL;
END $$;

CREATE TRIGGER "profiles_delete_events" AFTER DELETE ON "profiles" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "profiles_delete_events"();
CREATE TRIGGER "profiles_truncate_events" AFTER TRUNCATE ON "profiles" FOR EACH STATEMENT EXECUTE FUNCTION "profiles_truncate_events"();

