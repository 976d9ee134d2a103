-- Messages in and out per endpoint per minute: the stream page's "events/min in and out" and its
-- chart. Delivered outbox rows are deleted, so these counts are kept as they happen.
CREATE TABLE "delivery_minutes" (
    "endpoint_id" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "enqueued" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "delivery_minutes_pkey" PRIMARY KEY ("endpoint_id", "minute")
);
ALTER TABLE "delivery_minutes" ADD CONSTRAINT "delivery_minutes_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "delivery_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Lag: the oldest message still owed.
CREATE INDEX "deliveries_queued_idx" ON "deliveries"("endpoint_id", "id") WHERE "state" = 'queued';

-- The fan-out cursor starts here, so every event stored from now on is considered (a stream's own
-- start_xid then decides which of them it forwards).
INSERT INTO "delivery_cursors" ("name", "position") VALUES ('event_streams', pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
ON CONFLICT ("name") DO NOTHING;
