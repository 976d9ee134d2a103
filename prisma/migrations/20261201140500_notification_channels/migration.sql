-- Where alert notifications go (Settings → Notifications). Each channel has a delivery ledger
-- endpoint with the same id (kind 'notification'): its outbox, retries and attempt records are
-- the ledger's, so a notification's history is the endpoint's attempts, not a table of its own.
CREATE TABLE "notification_channels" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    -- email | slack | pagerduty | webhook
    "kind" TEXT NOT NULL,
    -- What is not secret (SMTP host and addresses, the webhook's URL); secrets are sealed below.
    "settings" JSONB NOT NULL DEFAULT '{}',
    -- AES-256-GCM sealed JSON, like a destination's credentials (lib/crypto).
    "credentials_enc" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notification_channels_kind_check" CHECK ("kind" IN ('email', 'slack', 'pagerduty', 'webhook'))
);

CREATE UNIQUE INDEX "notification_channels_name_key" ON "notification_channels"("name");
