-- The delivered set's size after the sync's latest run, and which run left it so (run-sync.ts), so
-- an incremental plan need not count a million-row audience when no run has touched it since.
ALTER TABLE "sync_plan_positions" ADD COLUMN "delivered" INTEGER;
ALTER TABLE "sync_plan_positions" ADD COLUMN "delivered_run" TEXT;
