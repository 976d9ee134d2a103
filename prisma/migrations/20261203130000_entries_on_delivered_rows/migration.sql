-- A person's first entry into a sync's delivered audience moves onto the delivered row itself.
-- audience_members.entered_at holds it for everyone the destination has now (carried over from an
-- earlier membership); sync_entries keeps it only for people who left (written when their row is
-- deleted, moved back when they return). A person is in one of the two, never both, so the lift
-- report reads their union.
--
-- Why: sync_entries was written by a trigger on every add batch, one row per person sent. On the
-- sync bench (issue 16 item 3, 1M members, 3 Dec) that was 2.9 s of the commits' 7 s of statement
-- time; without it the first sync went from 105-113k to 122k members/s (Postgres 7.4-8.0 -> 6.0 CPU-s).
-- Now a first run writes no entry rows at all: the delivered row's default is the commit's time,
-- the same now() the batch record's finished_at takes, which is what the trigger wrote.

ALTER TABLE "audience_members" ADD COLUMN "entered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "audience_members" a SET "entered_at" = e."entered_at"
  FROM "sync_entries" e WHERE e."sync_id" = a."sync_id" AND e."profile_id" = a."profile_id";
DELETE FROM "sync_entries" e
 WHERE EXISTS (SELECT 1 FROM "audience_members" a WHERE a."sync_id" = e."sync_id" AND a."profile_id" = e."profile_id");

DROP TRIGGER "sync_entries_add" ON "sync_run_batches";
DROP TRIGGER "sync_entries_change" ON "sync_run_batches";
DROP TRIGGER "sync_entries_delete" ON "sync_run_batches";
DROP FUNCTION "sync_entries_add"();
DROP FUNCTION "sync_entries_recompute"();
