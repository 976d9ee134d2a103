-- Google Customer Match moves to the Data Manager API (issue 17). Destinations saved before this
-- speak the Google Ads API: say so in their settings, so the new default (data_manager) applies
-- only to destinations created from now on.
UPDATE destinations SET settings = settings || '{"api": "google_ads_api"}'::jsonb
 WHERE kind = 'google_ads' AND NOT (settings ? 'api');

-- The Data Manager API emulator (lib/sandbox/google-data-manager): one row per accepted
-- ingest/remove request, processed once its finish_after passes (Google: "up to 24 hours"),
-- read back through requestStatus:retrieve.
CREATE TABLE sandbox.dm_requests (
    id           TEXT PRIMARY KEY,
    operation    TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    user_list_id TEXT NOT NULL,
    members      JSONB NOT NULL,
    consent      JSONB NOT NULL DEFAULT '{}'::jsonb,
    finish_after TIMESTAMPTZ NOT NULL,
    result       JSONB,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dm_requests_due_idx ON sandbox.dm_requests (finish_after) WHERE result IS NULL;
