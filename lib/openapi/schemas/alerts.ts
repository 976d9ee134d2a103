import { z } from "zod";
import { nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";
import { RULE_KINDS, SEVERITIES } from "@/lib/monitoring/alerts/rule-schemas";

// What the alerts API sends: alerts with their transitions, and rules. The same records the
// Alerts page shows and the notifications are rendered from.

const figures = z
  .record(z.string(), z.union([z.number(), z.string(), z.null()]))
  .describe("The numbers behind the alert, by the label the console shows them with.");

export const alertTransition = z
  .object({
    transition: z.enum(["opened", "severity_changed", "acknowledged", "resolved"]),
    severity: z.enum(SEVERITIES),
    summary: z.string(),
    cause: z.string().nullable(),
    actor: z.string().nullable().describe("Who acknowledged or closed it; null when Downstream's evaluation did."),
    notifications: z.number().int().describe("Notifications this transition put in the delivery ledger (one per channel)."),
    occurredAt: timestamp,
  })
  .strict()
  .meta({ id: "AlertTransition" });

export const alert = z
  .object({
    id: z.string(),
    ruleId: z.string().nullable().describe("Null once the rule that raised it was deleted."),
    ruleName: z.string(),
    subject: z.string().describe("What the alert is about: a sync id, `event:<name>`, `endpoint:<id>` or `ingest`."),
    syncId: z.string().nullable(),
    state: z.enum(["open", "acknowledged", "resolved"]),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    summary: z.string().describe("What happened, with the numbers."),
    cause: z.string().nullable().describe("The likely cause, found by looking at what changed around it."),
    figures,
    openedAt: timestamp,
    acknowledgedAt: nullableTimestamp,
    acknowledgedBy: z.string().nullable(),
    resolvedAt: nullableTimestamp,
    transitions: z.array(alertTransition),
  })
  .strict()
  .meta({ id: "Alert" });

export const alertRule = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(RULE_KINDS),
    params: z.record(z.string(), z.unknown()).describe("The kind's parameters (thresholds, counter, event)."),
    severity: z.enum(SEVERITIES),
    scope: z.object({ type: z.enum(["sync", "destination", "all"]), id: z.string().nullish() }).strict(),
    channelIds: z.array(z.string()),
    enabled: z.boolean(),
    builtin: z.boolean().describe("A default every sync has: always on, cannot be deleted."),
  })
  .strict()
  .meta({ id: "AlertRule" });
