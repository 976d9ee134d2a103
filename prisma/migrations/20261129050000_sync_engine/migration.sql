-- Sync engine (issue 5): what each destination has, holdouts recorded for lift, rejections
-- remembered so bad rows are not resent every run, and a scratch table for run plans.

-- What the destination has, per person: the identifiers we sent (hashes and the external id,
-- never raw values), so an identifier change is detected in SQL and the old value can be removed.
-- identifier_key names the primary identifier the person was sent with (email, phone, external_id).
ALTER TABLE "audience_members" ADD COLUMN "email_sha256" TEXT;
ALTER TABLE "audience_members" ADD COLUMN "phone_sha256" TEXT;
ALTER TABLE "audience_members" ADD COLUMN "external_id" TEXT;
-- No foreign key to syncs: it costs a lookup per inserted row, which doubled the cost of committing
-- a batch of 10,000 (measured: 75 ms with it, 33 ms without, by COPY). The engine is the only
-- writer, always for a sync it holds the lock of, and deleting a sync deletes its rows.
ALTER TABLE "audience_members" DROP CONSTRAINT "audience_members_sync_id_fkey";

-- People a sync holds out (stable hash of sync + profile), recorded the first time so a lift
-- report can compare them with the people who were sent.
CREATE TABLE "sync_holdouts" (
    "sync_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "holdout_percent" INTEGER NOT NULL,
    "held_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_holdouts_pkey" PRIMARY KEY ("sync_id","profile_id")
);
ALTER TABLE "sync_holdouts" ADD CONSTRAINT "sync_holdouts_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Items a destination refused as invalid, with the identifiers it refused. The plan skips them
-- until their identifiers change or a day has passed, instead of failing them on every run.
CREATE TABLE "sync_rejections" (
    "sync_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "email_sha256" TEXT,
    "phone_sha256" TEXT,
    "external_id" TEXT,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "rejected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_rejections_pkey" PRIMARY KEY ("sync_id","profile_id")
);
ALTER TABLE "sync_rejections" ADD CONSTRAINT "sync_rejections_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A run's plan: the adds and removes the SQL diff produced, read back batch by batch. Adds carry
-- the normalized email and phone so batches need no second trip to profiles.
-- UNLOGGED (no WAL) because it is scratch: after a crash the table is emptied and the next run
-- plans again from audience_members, which is the durable record. No foreign key: a million
-- FK probes per plan would cost more than the rows; runs delete their own rows.
CREATE UNLOGGED TABLE "sync_plan_items" (
    "run_id" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "identifier_key" TEXT NOT NULL,
    "email_sha256" TEXT,
    "phone_sha256" TEXT,
    "external_id" TEXT,
    "email" TEXT,
    "phone" TEXT,
    CONSTRAINT "sync_plan_items_pkey" PRIMARY KEY ("run_id","op","profile_id")
);

-- The scheduler's question every minute: which live syncs are due.
CREATE INDEX "syncs_state_next_run_at_idx" ON "syncs"("state", "next_run_at");
