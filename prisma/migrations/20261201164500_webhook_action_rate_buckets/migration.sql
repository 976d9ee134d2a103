-- Webhook actions' rate limit (requests per second per action), shared by every worker: a token
-- bucket per action, refilled by elapsed time and taken from with one atomic UPDATE per request
-- (lib/webhook-actions/runtime/take-rate-token.ts). Holds one row per rate-limited action.
CREATE TABLE "webhook_action_rate_buckets" (
    "action_id" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilled_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_action_rate_buckets_pkey" PRIMARY KEY ("action_id")
);
ALTER TABLE "webhook_action_rate_buckets" ADD CONSTRAINT "webhook_action_rate_buckets_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "webhook_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
