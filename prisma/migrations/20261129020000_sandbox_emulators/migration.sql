-- Local platform emulators (lib/destinations/*/emulator.ts) keep their state here, in a schema of
-- their own: nothing in "public" may exist without a Prisma model, and none of this is app data.
-- Dropping the schema resets every emulator.
CREATE SCHEMA IF NOT EXISTS sandbox;

-- Platform-side ids (Meta audience ids, Google user list and job ids, TikTok audience ids).
CREATE SEQUENCE sandbox.ids START 1000;

-- Per-platform behaviour switches (match rate, count delay, limits, auth fixtures); jsonb merged
-- over the defaults in lib/destinations/sandbox/config.ts.
CREATE TABLE sandbox.emulator_config (
    platform   TEXT PRIMARY KEY,
    config     JSONB NOT NULL DEFAULT '{}'::jsonb,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Failure injection: the next `remaining` matching calls get this fault instead of a real answer.
CREATE TABLE sandbox.faults (
    id         BIGSERIAL PRIMARY KEY,
    platform   TEXT NOT NULL,
    routes     TEXT[],
    remaining  INTEGER NOT NULL,
    fault      JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX faults_pending_idx ON sandbox.faults (platform, id) WHERE remaining > 0;

-- Remote audiences: Meta custom audiences, Google user lists, TikTok segment audiences.
CREATE TABLE sandbox.audiences (
    platform    TEXT NOT NULL,
    id          TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT,
    details     JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, id)
);
CREATE INDEX audiences_by_name_idx ON sandbox.audiences (platform, account_id, name);

-- One row per uploaded person. member_key is the first identifier of the row (email hash, else
-- phone hash, else the other id), so re-adding the same person is a no-op. `matched` is decided
-- once, at upload, from the hash (deterministic match rate). An email hash, when present, IS the
-- member_key, so only phones need an index of their own (removal by phone alone).
CREATE TABLE sandbox.audience_members (
    platform    TEXT NOT NULL,
    audience_id TEXT NOT NULL,
    member_key  TEXT NOT NULL,
    email_hash  TEXT,
    phone_hash  TEXT,
    other_id    TEXT,
    matched     BOOLEAN NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, audience_id, member_key)
);
CREATE INDEX audience_members_phone_idx ON sandbox.audience_members (platform, audience_id, phone_hash) WHERE phone_hash <> member_key;

-- Meta upload sessions (reference §1.4: session_id, batch_seq from 1, last_batch_flag closes).
CREATE TABLE sandbox.meta_sessions (
    audience_id     TEXT NOT NULL,
    session_id      TEXT NOT NULL,
    operation       TEXT NOT NULL,
    max_seq         INTEGER NOT NULL,
    closed          BOOLEAN NOT NULL DEFAULT false,
    estimated_total INTEGER,
    num_received    INTEGER NOT NULL DEFAULT 0,
    num_invalid     INTEGER NOT NULL DEFAULT 0,
    num_matched     INTEGER NOT NULL DEFAULT 0,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at        TIMESTAMPTZ,
    PRIMARY KEY (audience_id, session_id)
);

-- Google OfflineUserDataJobs (reference §2.1: PENDING -> RUNNING -> SUCCESS | FAILED).
CREATE TABLE sandbox.google_jobs (
    id               TEXT PRIMARY KEY,
    customer_id      TEXT NOT NULL,
    user_list_id     TEXT NOT NULL,
    status           TEXT NOT NULL,
    consent          JSONB,
    failure_reason   TEXT,
    match_rate_range TEXT,
    op_count         INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    run_at           TIMESTAMPTZ,
    finish_after     TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);

-- Operations staged on a job; applied to audience_members, in order, when the job finishes.
CREATE TABLE sandbox.google_job_ops (
    job_id     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    action     TEXT NOT NULL,
    member_key TEXT,
    email_hash TEXT,
    phone_hash TEXT,
    other_id   TEXT,
    PRIMARY KEY (job_id, seq)
);
