-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'editor', 'admin');
CREATE TYPE "TransitionKind" AS ENUM ('enter', 'exit');
CREATE TYPE "DestinationKind" AS ENUM ('meta', 'google_ads', 'tiktok', 'webhook', 'warehouse');
CREATE TYPE "SyncMode" AS ENUM ('mirror', 'add_only');
CREATE TYPE "SyncState" AS ENUM ('draft', 'live', 'paused');
CREATE TYPE "SuppressionScope" AS ENUM ('all_promotional', 'selected');
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled_at" TIMESTAMP(3),
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_by_id" TEXT,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "sources" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "write_key" TEXT NOT NULL,
    "cio_site_id" TEXT NOT NULL,
    "cio_api_key_enc" TEXT NOT NULL,
    "webhook_signing_key_enc" TEXT,
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "sources_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "profiles" (
    "id" BIGSERIAL NOT NULL,
    "external_id" TEXT,
    "anonymous_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "email_raw" TEXT,
    "email" TEXT,
    "email_sha256" TEXT,
    "phone_raw" TEXT,
    "phone" TEXT,
    "phone_sha256" TEXT,
    "phone_valid" BOOLEAN,
    "phone_error" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "profile_id" BIGINT,
    "anonymous_id" TEXT,
    "source_id" TEXT,
    "type" TEXT NOT NULL DEFAULT 'track',
    "name" TEXT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "message_id" TEXT,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segments" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "cap_days" INTEGER,
    "refresh_interval_minutes" INTEGER NOT NULL DEFAULT 15,
    "size" INTEGER NOT NULL DEFAULT 0,
    "last_refreshed_at" TIMESTAMP(3),
    "archived_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segment_versions" (
    "id" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "summary" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_versions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segment_memberships" (
    "segment_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "entered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_memberships_pkey" PRIMARY KEY ("segment_id","profile_id")
);

CREATE TABLE "segment_transitions" (
    "id" BIGSERIAL NOT NULL,
    "segment_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "kind" "TransitionKind" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_transitions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "destinations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DestinationKind" NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "credentials_enc" TEXT,
    "last_tested_at" TIMESTAMP(3),
    "last_test_ok" BOOLEAN,
    "last_test_detail" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "destinations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "syncs" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "destination_id" TEXT NOT NULL,
    "identifiers" TEXT[] DEFAULT ARRAY['email']::TEXT[],
    "mode" "SyncMode" NOT NULL DEFAULT 'mirror',
    "schedule_cron" TEXT,
    "interval_minutes" INTEGER NOT NULL DEFAULT 15,
    "cap_days" INTEGER,
    "holdout_percent" INTEGER NOT NULL DEFAULT 0,
    "promotional" BOOLEAN NOT NULL DEFAULT true,
    "state" "SyncState" NOT NULL DEFAULT 'draft',
    "paused_reason" TEXT,
    "remote_audience_id" TEXT,
    "remote_audience_name" TEXT,
    "next_run_at" TIMESTAMP(3),
    "last_run_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "syncs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "suppression_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "scope" "SuppressionScope" NOT NULL DEFAULT 'all_promotional',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "suppression_rules_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "suppression_rule_syncs" (
    "rule_id" TEXT NOT NULL,
    "sync_id" TEXT NOT NULL,
    CONSTRAINT "suppression_rule_syncs_pkey" PRIMARY KEY ("rule_id","sync_id")
);

CREATE TABLE "audience_members" (
    "sync_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "identifier_key" TEXT NOT NULL,
    "added_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audience_members_pkey" PRIMARY KEY ("sync_id","profile_id")
);

CREATE TABLE "sync_runs" (
    "id" TEXT NOT NULL,
    "sync_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "segment_size" INTEGER,
    "eligible" INTEGER,
    "suppressed" INTEGER,
    "held_out" INTEGER,
    "capped" INTEGER,
    "missing_identifier" INTEGER,
    "to_add" INTEGER,
    "to_remove" INTEGER,
    "added" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "stats" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_run_batches" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "op" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "request" JSONB,
    "response" JSONB,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "sync_run_batches_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sync_run_item_errors" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "batch_id" TEXT,
    "profile_id" BIGINT,
    "op" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_run_item_errors_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "metric_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "sync_id" TEXT,
    "segment_id" TEXT,
    "taken_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "segment_size" INTEGER,
    "eligible_size" INTEGER,
    "audience_size" INTEGER,
    "reported_size" INTEGER,
    "match_rate" DOUBLE PRECISION,
    "figures" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "metric_snapshots_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "worker_heartbeats" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE UNIQUE INDEX "sources_write_key_key" ON "sources"("write_key");
CREATE UNIQUE INDEX "sources_cio_site_id_key" ON "sources"("cio_site_id");
CREATE UNIQUE INDEX "profiles_external_id_key" ON "profiles"("external_id");
CREATE INDEX "profiles_email_idx" ON "profiles"("email");
CREATE INDEX "profiles_phone_idx" ON "profiles"("phone");
CREATE UNIQUE INDEX "events_message_id_key" ON "events"("message_id");
CREATE INDEX "events_profile_id_name_occurred_at_idx" ON "events"("profile_id", "name", "occurred_at");
CREATE INDEX "events_name_occurred_at_idx" ON "events"("name", "occurred_at");
CREATE INDEX "events_anonymous_id_idx" ON "events"("anonymous_id");
CREATE UNIQUE INDEX "segment_versions_segment_id_version_key" ON "segment_versions"("segment_id", "version");
CREATE INDEX "segment_memberships_profile_id_idx" ON "segment_memberships"("profile_id");
CREATE INDEX "segment_transitions_segment_id_at_idx" ON "segment_transitions"("segment_id", "at");
CREATE UNIQUE INDEX "syncs_destination_id_remote_audience_name_key" ON "syncs"("destination_id", "remote_audience_name");
CREATE INDEX "sync_runs_sync_id_created_at_idx" ON "sync_runs"("sync_id", "created_at");
CREATE UNIQUE INDEX "sync_run_batches_run_id_seq_key" ON "sync_run_batches"("run_id", "seq");
CREATE INDEX "sync_run_item_errors_run_id_idx" ON "sync_run_item_errors"("run_id");
CREATE INDEX "metric_snapshots_sync_id_taken_at_idx" ON "metric_snapshots"("sync_id", "taken_at");
CREATE INDEX "metric_snapshots_segment_id_taken_at_idx" ON "metric_snapshots"("segment_id", "taken_at");
CREATE INDEX "audit_logs_entity_type_entity_id_idx" ON "audit_logs"("entity_type", "entity_id");
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "events" ADD CONSTRAINT "events_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_versions" ADD CONSTRAINT "segment_versions_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_transitions" ADD CONSTRAINT "segment_transitions_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "syncs" ADD CONSTRAINT "syncs_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "syncs" ADD CONSTRAINT "syncs_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "suppression_rules" ADD CONSTRAINT "suppression_rules_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "suppression_rule_syncs" ADD CONSTRAINT "suppression_rule_syncs_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "suppression_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "suppression_rule_syncs" ADD CONSTRAINT "suppression_rule_syncs_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audience_members" ADD CONSTRAINT "audience_members_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_run_batches" ADD CONSTRAINT "sync_run_batches_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_run_item_errors" ADD CONSTRAINT "sync_run_item_errors_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
