-- The delivery ledger (lib/delivery) and event streams (lib/streams).

-- Every event remembers the transaction that stored it. The stream fan-out (lib/streams/fanout.ts)
-- reads events by transaction id up to the oldest transaction still running, so an event committed
-- late by a slow transaction is never skipped (an id cursor would skip it). Existing rows keep NULL:
-- they are history, reached by a time-range replay, not by the live fan-out.
ALTER TABLE "events" ADD COLUMN "ingest_xid" BIGINT;
ALTER TABLE "events" ALTER COLUMN "ingest_xid" SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX "events_ingest_xid_idx" ON "events"("ingest_xid");

-- Where a reader of the events table has got to (fan-out: 'event_streams').
CREATE TABLE "delivery_cursors" (
    "name" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "delivery_cursors_pkey" PRIMARY KEY ("name")
);

-- A stream: which events, and where they go. Its delivery state (paused, holding, throttled) is
-- its ledger endpoint's, below: one place says whether it is flowing.
CREATE TABLE "event_streams" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "selector" JSONB NOT NULL,
    "destination_kind" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "credentials_enc" TEXT,
    "start_xid" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "event_streams_pkey" PRIMARY KEY ("id")
);

-- One receiver the ledger delivers to (an event stream today; webhook actions and notifications later).
CREATE TABLE "delivery_endpoints" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    -- active | paused (by a person, or by the receiver answering 410) | holding (circuit breaker open)
    "state" TEXT NOT NULL DEFAULT 'active',
    "state_reason" TEXT,
    "state_changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "failing_since" TIMESTAMP(3),
    "next_probe_at" TIMESTAMP(3),
    "slow_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "delivery_endpoints_pkey" PRIMARY KEY ("id")
);

-- The outbox: one row per message owed to an endpoint. Delivered rows are deleted with their batch's
-- success (the batch row keeps the count); dead rows stay until replayed.
CREATE TABLE "deliveries" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "ordering_key" TEXT NOT NULL,
    "event_id" BIGINT,
    "payload" JSONB,
    -- queued | dead
    "state" TEXT NOT NULL DEFAULT 'queued',
    "batch_id" TEXT,
    "enqueued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dead_at" TIMESTAMP(3),
    "replays" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "deliveries_unbatched_idx" ON "deliveries"("endpoint_id", "id") WHERE "state" = 'queued' AND "batch_id" IS NULL;
-- The per-person barrier: is an earlier message of this person already in a batch still owed?
CREATE INDEX "deliveries_in_flight_key_idx" ON "deliveries"("endpoint_id", "ordering_key", "id") WHERE "state" = 'queued' AND "batch_id" IS NOT NULL;
CREATE INDEX "deliveries_batch_id_idx" ON "deliveries"("batch_id");
CREATE INDEX "deliveries_dead_idx" ON "deliveries"("endpoint_id", "dead_at") WHERE "state" = 'dead';
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "delivery_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A request's worth of messages. Its id is the webhook-id: a retry resends the same messages under
-- the same id, so a receiver deduplicates on it.
CREATE TABLE "delivery_batches" (
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    -- pending | delivered | dead | split (refused, and its messages went on in two halves)
    "state" TEXT NOT NULL DEFAULT 'pending',
    "size" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMP(3),
    "oldest_enqueued_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    CONSTRAINT "delivery_batches_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "delivery_batches_due_idx" ON "delivery_batches"("endpoint_id", "next_attempt_at") WHERE "state" = 'pending';
CREATE INDEX "delivery_batches_finished_idx" ON "delivery_batches"("endpoint_id", "finished_at");
ALTER TABLE "delivery_batches" ADD CONSTRAINT "delivery_batches_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "delivery_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every request made: what was sent, what came back (redacted, truncated), how long it took.
CREATE TABLE "delivery_attempts" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duration_ms" INTEGER NOT NULL,
    -- delivered | failed | throttled | timeout | unreachable | gone
    "outcome" TEXT NOT NULL,
    "status" INTEGER,
    "error" TEXT,
    "response_excerpt" TEXT,
    "size" INTEGER NOT NULL,
    "probe" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "delivery_attempts_endpoint_id_id_idx" ON "delivery_attempts"("endpoint_id", "id");
CREATE INDEX "delivery_attempts_batch_id_idx" ON "delivery_attempts"("batch_id");
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "delivery_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
