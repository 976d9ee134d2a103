-- A first sync's batch history cost Postgres more than anything but the delivered set itself: the
-- GIN index on sync_run_batches.profile_ids takes one entry per member, 2.8 s of CPU per million
-- members sent (sync bench at 1M, issue 16 item 3: Postgres CPU 13.1 s with it, 10.5 s without).
--
-- A first run's add batches ("fresh": the audience was empty) come from a plan ordered by profile
-- id, so each batch covers one narrow, contiguous id range and consecutive batches do not overlap.
-- Such a batch is indexed by that range instead (one GiST entry per batch); the person history
-- (lib/people/sync-history.ts) finds it by range and then checks the batch's ids, exactly as the
-- GIN match did. Every other batch (removals, incremental adds: a few people spread over the whole
-- id range) keeps its GIN entries. The range is only ever a pre-filter: a batch whose ids were
-- later emptied (recheck-requests.ts) still matches nobody.
ALTER TABLE "sync_run_batches" ADD COLUMN "member_range" int8range;

DROP INDEX "sync_run_batches_profile_ids_idx";
CREATE INDEX "sync_run_batches_profile_ids_idx" ON "sync_run_batches" USING GIN ("profile_ids") WHERE "member_range" IS NULL;
CREATE INDEX "sync_run_batches_member_range_idx" ON "sync_run_batches" USING GIST ("member_range") WHERE "member_range" IS NOT NULL;
