-- Alert rules, the alerts they raise and every change of an alert's state (issue 12, items 2-3).
-- lib/monitoring/alerts evaluates the rules in SQL over snapshots, runs and their records; an
-- alert is open -> acknowledged -> resolved, and each transition is a row here, written in the
-- same transaction as the notifications it owes (lib/monitoring/notify-alert.ts).

CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    -- lib/monitoring/alerts/rule-schemas.ts lists the kinds and their params.
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    -- sync | destination | all
    "scope_type" TEXT NOT NULL DEFAULT 'all',
    "scope_id" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "channel_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    -- A default rule exists for every sync and cannot be switched off or deleted.
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_rules_severity_check" CHECK ("severity" IN ('warning', 'critical')),
    CONSTRAINT "alert_rules_scope_check" CHECK ("scope_type" IN ('sync', 'destination', 'all'))
);

CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "rule_id" TEXT,
    -- The rule's name when the alert opened: the alert stays readable after the rule is deleted.
    "rule_name" TEXT NOT NULL,
    -- What the alert is about (a sync id, an endpoint id, an event name): one active alert per rule and subject.
    "subject" TEXT NOT NULL,
    -- The subject while the alert is active, null once resolved: unique per rule, so the
    -- evaluator can never open a second alert for what is already open (no repeats).
    "active_subject" TEXT,
    "sync_id" TEXT,
    -- open | acknowledged | resolved
    "state" TEXT NOT NULL DEFAULT 'open',
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "cause" TEXT,
    "figures" JSONB NOT NULL DEFAULT '{}',
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMP(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alerts_state_check" CHECK ("state" IN ('open', 'acknowledged', 'resolved')),
    CONSTRAINT "alerts_severity_check" CHECK ("severity" IN ('warning', 'critical'))
);

CREATE TABLE "alert_transitions" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" TEXT NOT NULL,
    -- opened | severity_changed | acknowledged | resolved
    "transition" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "cause" TEXT,
    "figures" JSONB NOT NULL DEFAULT '{}',
    "actor_label" TEXT,
    -- How many notifications this transition put in the ledger.
    "notifications" INTEGER NOT NULL DEFAULT 0,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_transitions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "alerts_state_opened_at_idx" ON "alerts"("state", "opened_at");
CREATE INDEX "alerts_sync_id_idx" ON "alerts"("sync_id");
CREATE UNIQUE INDEX "alerts_rule_id_active_subject_key" ON "alerts"("rule_id", "active_subject");
CREATE INDEX "alert_transitions_alert_id_idx" ON "alert_transitions"("alert_id");

ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "alert_transitions" ADD CONSTRAINT "alert_transitions_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The defaults every sync has, always on (their channels and thresholds can be changed).
INSERT INTO "alert_rules" ("id", "name", "kind", "severity", "params", "builtin") VALUES
  ('default-run-failed', 'A sync run failed or delivered nothing', 'run_failed', 'critical', '{}', true),
  ('default-rejected-rows', 'The destination rejected rows', 'rejected_rows', 'warning', '{"percent": 5, "criticalPercent": 25}', true),
  ('default-auth-lost', 'A sync lost its access and was paused', 'auth_lost', 'critical', '{}', true),
  ('default-removals-refused', 'The platform refused removals below its minimum', 'removals_refused', 'warning', '{}', true);
