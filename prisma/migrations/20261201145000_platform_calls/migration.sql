-- The request inspector: every platform call a destination made (runs, connection tests, dry
-- runs), redacted and cut to 2,000 characters per body. platform-calls.compact keeps 7 days,
-- and at least the last 100 per destination whatever their age.
CREATE TABLE "platform_calls" (
    "id" BIGSERIAL NOT NULL,
    "destination_id" TEXT NOT NULL,
    -- Null for connection tests and dry runs. No foreign key: the row outlives nothing it needs.
    "sync_run_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    -- Null when no answer came (timeout, unreachable, refused by the egress policy).
    "status" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    "request_excerpt" TEXT,
    "response_excerpt" TEXT,
    CONSTRAINT "platform_calls_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "platform_calls_destination_id_id_idx" ON "platform_calls"("destination_id", "id");

ALTER TABLE "platform_calls" ADD CONSTRAINT "platform_calls_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
