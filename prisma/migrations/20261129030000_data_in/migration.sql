-- Data in: tracking-API sources, identity aliases, quarantined messages, CSV imports and the
-- identity-audit trend. Mirrored in prisma/schema.prisma (lib/db/schema-agreement.test.ts).

-- When a source last delivered anything (throttled: written at most every 30 s per process).
ALTER TABLE "sources" ADD COLUMN "last_received_at" TIMESTAMP(3);

-- Why a raw email did not normalize ("no @", "domain has no dot", ...), so the identity audit
-- can group invalid formats in SQL instead of re-running the normalizer over every row.
ALTER TABLE "profiles" ADD COLUMN "email_error" TEXT;

-- Anonymous id -> person. The first person an anonymous id is seen with keeps it; anonymous
-- events arriving later are attached through this table.
CREATE TABLE "profile_aliases" (
    "anonymous_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "source_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "profile_aliases_pkey" PRIMARY KEY ("anonymous_id")
);
CREATE INDEX "profile_aliases_profile_id_idx" ON "profile_aliases"("profile_id");
ALTER TABLE "profile_aliases" ADD CONSTRAINT "profile_aliases_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Customer.io "suppress": the person is deleted and data for the id is ignored until unsuppressed.
CREATE TABLE "suppressed_people" (
    "external_id" TEXT NOT NULL,
    "source_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "suppressed_people_pkey" PRIMARY KEY ("external_id")
);

-- Messages we refused (validation, suppressed ids, bad webhook payloads), kept for the
-- Sources page so a broken integration is visible instead of silently dropping data.
CREATE TABLE "ingest_rejections" (
    "id" BIGSERIAL NOT NULL,
    "source_id" TEXT,
    "channel" TEXT NOT NULL,
    "message_id" TEXT,
    "field" TEXT,
    "error" TEXT NOT NULL,
    "payload" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ingest_rejections_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ingest_rejections_source_id_received_at_idx" ON "ingest_rejections"("source_id", "received_at");
CREATE INDEX "ingest_rejections_received_at_idx" ON "ingest_rejections"("received_at");

-- A CSV import: its column mapping and running counts (the browser polls them for progress).
CREATE TABLE "import_jobs" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "file_name" TEXT NOT NULL,
    "file_bytes" BIGINT,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "mapping" JSONB NOT NULL,
    "rows_total" INTEGER NOT NULL DEFAULT 0,
    "rows_imported" INTEGER NOT NULL DEFAULT 0,
    "rows_failed" INTEGER NOT NULL DEFAULT 0,
    "warnings" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "import_jobs_created_at_idx" ON "import_jobs"("created_at");

-- One line of the downloadable error file: which row, which column, what was wrong.
-- severity 'error' = row skipped; 'warning' = row imported, value flagged (e.g. invalid phone).
CREATE TABLE "import_row_errors" (
    "id" BIGSERIAL NOT NULL,
    "job_id" TEXT NOT NULL,
    "row_number" INTEGER NOT NULL,
    "line" INTEGER,
    "column" TEXT,
    "value" TEXT,
    "severity" TEXT NOT NULL DEFAULT 'error',
    "message" TEXT NOT NULL,
    CONSTRAINT "import_row_errors_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "import_row_errors_job_id_row_number_idx" ON "import_row_errors"("job_id", "row_number");
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One identity-coverage reading per UTC day, for the audit's trend.
CREATE TABLE "identity_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "taken_on" TIMESTAMP(3) NOT NULL,
    "profiles" INTEGER NOT NULL,
    "with_external_id" INTEGER NOT NULL,
    "with_email" INTEGER NOT NULL,
    "with_valid_phone" INTEGER NOT NULL,
    "figures" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "identity_snapshots_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "identity_snapshots_taken_on_key" ON "identity_snapshots"("taken_on");

-- People search: prefix matches on the normalized email, and exact matches on raw values that
-- did not normalize (partial indexes: only the invalid rows, so they stay small and cheap).
CREATE INDEX "profiles_email_prefix_idx" ON "profiles"("email" text_pattern_ops);
CREATE INDEX "profiles_invalid_email_raw_idx" ON "profiles"("email_raw") WHERE "email" IS NULL AND "email_raw" IS NOT NULL;
CREATE INDEX "profiles_invalid_phone_raw_idx" ON "profiles"("phone_raw") WHERE "phone" IS NULL AND "phone_raw" IS NOT NULL;

-- Anonymous events waiting for an identify are found by anonymous id, but only while they are
-- unlinked. Indexing just those rows (instead of every event's anonymous_id, NULLs included)
-- removes one index insertion from almost every event written.
DROP INDEX "events_anonymous_id_idx";
CREATE INDEX "events_unlinked_anonymous_id_idx" ON "events"("anonymous_id") WHERE "profile_id" IS NULL AND "anonymous_id" IS NOT NULL;
