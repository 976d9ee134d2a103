-- Fewer index entries per outbox row (each row is inserted, assigned a batch and deleted, so every
-- index costs three times per event): the batch lookup only ever asks for a batch id, so rows not
-- yet in a batch need no entry; "owed" is answered by the two partial indexes already there
-- (unbatched, and batched-but-owed), so the index over every owed row goes.
DROP INDEX IF EXISTS "deliveries_batch_id_idx";
CREATE INDEX "deliveries_batch_id_idx" ON "deliveries"("batch_id") WHERE "batch_id" IS NOT NULL;
DROP INDEX IF EXISTS "deliveries_queued_idx";
