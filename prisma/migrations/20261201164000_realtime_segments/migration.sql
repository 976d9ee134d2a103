-- Near-real-time audiences (issue 16 item 1): where the realtime segment pass has read the events
-- table up to, as a transaction id (events.ingest_xid), like the stream fan-out's cursor. Events
-- stored by transactions below it have been evaluated; the next pass starts there, so a crash or
-- a stopped worker loses nothing (and the scheduled full refresh reconciles anyway).
CREATE TABLE "segment_realtime_cursors" (
    "name" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_realtime_cursors_pkey" PRIMARY KEY ("name")
);

-- Start at the present: everything stored before this migration is the full refresh's to evaluate,
-- and nothing stored from here on waits for the first pass to create the cursor.
INSERT INTO "segment_realtime_cursors" ("name", "position") VALUES ('events', pg_snapshot_xmin(pg_current_snapshot())::text::bigint);
