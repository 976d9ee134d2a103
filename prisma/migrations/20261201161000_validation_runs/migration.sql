-- Test-cohort validation runs (issue 14): one row per validation of a sync, its steps (add,
-- verify present, remove, verify shrink, buyer) with their evidence as JSON, so a worker that
-- crashed mid-run resumes at the first step not done.
CREATE TYPE "ValidationState" AS ENUM ('running', 'passed', 'failed', 'cancelled');

CREATE TABLE "validation_runs" (
    "id" TEXT NOT NULL,
    "sync_id" TEXT NOT NULL,
    "state" "ValidationState" NOT NULL DEFAULT 'running',
    "requested_by" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "profile_ids" BIGINT[],
    "buyer_profile_id" BIGINT,
    "current_step" TEXT,
    "method" TEXT,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "validation_runs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "validation_runs_sync_id_created_at_idx" ON "validation_runs"("sync_id", "created_at");

ALTER TABLE "validation_runs" ADD CONSTRAINT "validation_runs_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
