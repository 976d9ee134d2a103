-- Row-level history (issue 12 item 5): which run added or removed a person, and why.
-- The batch record already says what each batch changed in aggregate; it now also keeps WHO it
-- changed (the acknowledged profile ids) and, parallel to them, the plan's reason code
-- (entered, identifiers_changed, left_segment, suppressed:<rule ids>, capped, missing,
-- held_out, test_profile, rejected). One row per batch, not per person: a million-member first
-- run adds ~100 rows here, not a million. Refusals and failures stay in sync_run_item_errors.
ALTER TABLE "sync_run_batches" ADD COLUMN "profile_ids" BIGINT[];
ALTER TABLE "sync_run_batches" ADD COLUMN "reasons" TEXT[];
CREATE INDEX "sync_run_batches_profile_ids_idx" ON "sync_run_batches" USING GIN ("profile_ids");

-- The plan's reason for each add or remove, carried to the batch that sends it.
ALTER TABLE "sync_plan_items" ADD COLUMN "reason" TEXT;

-- A person's refusals and failures, found without scanning every run's errors.
CREATE INDEX "sync_run_item_errors_profile_id_idx" ON "sync_run_item_errors" ("profile_id");
