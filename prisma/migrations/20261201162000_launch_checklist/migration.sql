-- Launch checklist, approvals and the risky-edit guard (issue 14 items 3-5, lib/launch).
-- Sign-offs are what a person recorded against one gate of one sync: a review (the identity
-- audit was looked at, with the figures they saw) or a waiver (with its reason). The newest per
-- gate counts; older ones stay as history.
CREATE TABLE "launch_signoffs" (
    "id" TEXT NOT NULL,
    "sync_id" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "launch_signoffs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "launch_signoffs_sync_id_gate_created_at_idx" ON "launch_signoffs"("sync_id", "gate", "created_at");
ALTER TABLE "launch_signoffs" ADD CONSTRAINT "launch_signoffs_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per sync: who owns its alerts and which metric its holdout is measured on.
CREATE TABLE "sync_launch_plans" (
    "sync_id" TEXT NOT NULL,
    "alert_owner_id" TEXT,
    "metric" TEXT NOT NULL DEFAULT 'order_completed',
    "updated_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_launch_plans_pkey" PRIMARY KEY ("sync_id")
);
ALTER TABLE "sync_launch_plans" ADD CONSTRAINT "sync_launch_plans_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_launch_plans" ADD CONSTRAINT "sync_launch_plans_alert_owner_id_fkey" FOREIGN KEY ("alert_owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A change an editor asked for while approvals are on: a sync going live, or a segment change
-- that feeds a live sync. Nothing changes until an admin approves; payload is what is applied then.
CREATE TABLE "change_requests" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "diff" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_by_id" TEXT,
    "requested_by_label" TEXT NOT NULL,
    "decided_by_id" TEXT,
    "decided_by_label" TEXT,
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    CONSTRAINT "change_requests_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "change_requests_status_created_at_idx" ON "change_requests"("status", "created_at");
CREATE INDEX "change_requests_entity_type_entity_id_idx" ON "change_requests"("entity_type", "entity_id");
