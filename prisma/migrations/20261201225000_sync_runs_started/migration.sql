-- Every run plan asks which of the sync's runs started last (lib/sync/plan-incremental.ts: the
-- delivered set's size the previous run left is still true only when no other run came after it).
-- Runs are kept, so with only (sync_id, created_at) that read every run the sync ever had and
-- sorted them: 32 ms for a year of 15-minute runs (35,000), whatever the churn. By start time it is
-- one index entry.
CREATE INDEX "sync_runs_sync_id_started_at_idx" ON "sync_runs"("sync_id", "started_at");
