-- Webhook actions (issue 13): a custom request fired when a person enters or leaves a segment or
-- does an event. The requests go out through the delivery ledger (delivery_endpoints.id =
-- webhook_actions.id, kind "webhook_action"); these tables hold the definition, its versions, and
-- the triggers waiting for their delay, frequency check and render.
CREATE TABLE "webhook_actions" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    -- draft | live | paused. Nothing is sent for a draft.
    "state" TEXT NOT NULL DEFAULT 'draft',
    -- lib/webhook-actions/action-schemas.ts: trigger, request templates, signing, response mapping.
    "trigger" JSONB NOT NULL,
    "request" JSONB NOT NULL,
    "signing" JSONB NOT NULL DEFAULT '{"mode":"none"}',
    "response_mapping" JSONB NOT NULL DEFAULT '[]',
    "delay_seconds" INTEGER NOT NULL DEFAULT 0,
    "frequency_limit_seconds" INTEGER,
    "rate_limit_per_second" INTEGER,
    "timeout_ms" INTEGER NOT NULL DEFAULT 15000,
    -- Seconds after the 1st, 2nd, ... failed attempt; past the last the request is dead (replayable).
    "retry_schedule" INTEGER[] DEFAULT ARRAY[0, 5, 300, 1800, 7200, 18000, 36000, 36000]::INTEGER[],
    -- AES-256-GCM sealed JSON {secrets: {name: value}, signingKey?: string}; never leaves the server
    -- except towards the action's own URL.
    "secrets_enc" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    -- Triggers are taken from transitions / events stored from these positions on (set when the
    -- action goes live, so a new action does not fire for the past).
    "start_transition_xid" BIGINT,
    "start_event_xid" BIGINT,
    "live_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_actions_pkey" PRIMARY KEY ("id")
);

-- Every saved definition of a live action's request, so a change is diffable and each delivery
-- names the version it was rendered from.
CREATE TABLE "webhook_action_versions" (
    "id" BIGSERIAL NOT NULL,
    "action_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_action_versions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_action_versions_action_id_version_key" ON "webhook_action_versions"("action_id", "version");
ALTER TABLE "webhook_action_versions" ADD CONSTRAINT "webhook_action_versions_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "webhook_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One occurrence of an action's trigger for one person: waits until due_at (the delay), then is
-- either rendered into the ledger (enqueued, with its delivery id) or skipped with the reason
-- (frequency_limit, left_segment, ...). Unique per source fact, so a re-read never fires twice.
CREATE TABLE "webhook_action_triggers" (
    "id" BIGSERIAL NOT NULL,
    "action_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    -- enter | exit | event
    "source" TEXT NOT NULL,
    "transition_id" BIGINT,
    "event_id" BIGINT,
    "segment_id" TEXT,
    "due_at" TIMESTAMP(3) NOT NULL,
    -- pending | enqueued | skipped
    "state" TEXT NOT NULL DEFAULT 'pending',
    "skip_reason" TEXT,
    "delivery_id" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    CONSTRAINT "webhook_action_triggers_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_action_triggers_action_id_transition_id_key" ON "webhook_action_triggers"("action_id", "transition_id");
CREATE UNIQUE INDEX "webhook_action_triggers_action_id_event_id_key" ON "webhook_action_triggers"("action_id", "event_id");
CREATE INDEX "webhook_action_triggers_pending_idx" ON "webhook_action_triggers"("due_at") WHERE "state" = 'pending';
CREATE INDEX "webhook_action_triggers_action_id_state_idx" ON "webhook_action_triggers"("action_id", "state");
ALTER TABLE "webhook_action_triggers" ADD CONSTRAINT "webhook_action_triggers_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "webhook_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The frequency limit's memory: when this action last fired for this person. Claimed with one
-- atomic upsert, so two workers cannot both fire inside the window.
CREATE TABLE "webhook_action_person_fires" (
    "action_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "last_fired_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "webhook_action_person_fires_pkey" PRIMARY KEY ("action_id", "profile_id")
);
ALTER TABLE "webhook_action_person_fires" ADD CONSTRAINT "webhook_action_person_fires_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "webhook_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Segment transitions get the storing transaction's id, like events.ingest_xid: a reader that
-- stops below the snapshot's xmin never skips a transition committed late with a lower id.
ALTER TABLE "segment_transitions" ADD COLUMN "xid" BIGINT DEFAULT (pg_current_xact_id())::text::bigint;
CREATE INDEX "segment_transitions_xid_idx" ON "segment_transitions"("xid");
