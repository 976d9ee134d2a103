import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { SYNC_HISTORY_KINDS, syncHistoryQuery } from "@/lib/people/sync-history";
import { RANGES } from "@/lib/monitoring/sync-trends";
import { nextCursor, timestamp } from "@/lib/openapi/schemas/common";
import { syncHealth } from "@/lib/openapi/schemas/syncs";

// Monitoring (issue 12): a sync's trend with its gap and the sentence the console shows, and a
// person's row-level history. Both read the same loaders as the pages.

const monitoringTag = "Monitoring";

const gap = z
  .object({
    kind: z.enum(["segment", "platform"]),
    expected: z.number(),
    actual: z.number(),
    difference: z.number().describe("actual − expected: negative means people are missing."),
    share: z.number().describe("|difference| ÷ expected."),
    sentence: z.string(),
  })
  .meta({
    id: "MonitoringGap",
    description: "A difference the workspace's rules (suppression, holdout, cap, identifiers, match rate) do not explain.",
  });

const point = z.object({
  t: timestamp,
  segment: z.number().nullable(),
  eligible: z.number().nullable(),
  delivered: z.number().nullable(),
  matched: z.number().nullable().describe("The size the platform reports."),
  matchRate: z.number().nullable(),
});

export const syncTrendOp = defineOperation({
  id: "getSyncTrend",
  method: "GET",
  path: "/syncs/{id}/trend",
  tag: monitoringTag,
  role: "viewer",
  summary: "A sync's trend: segment, eligible, delivered and matched over a range",
  description:
    "One point per run snapshot (thinned to the last per time bucket on long ranges), the gaps, and the sentence saying what changed.",
  query: z.strictObject({ range: z.enum(RANGES).default("7d").describe("24h, 7d, 30d or 90d.") }),
  responses: {
    200: {
      description: "The trend.",
      schema: z.object({
        syncId: z.string(),
        range: z.enum(RANGES),
        from: timestamp,
        to: timestamp,
        health: syncHealth,
        attention: z
          .object({ kind: z.enum(["failing", "paused", "drifting", "overdue", "warning"]), reason: z.string() })
          .nullable()
          .describe("Why the sync is near the top of Monitoring; null when it is on track."),
        lastRun: z.object({ id: z.string(), status: z.string(), at: timestamp }).nullable(),
        points: z.array(point),
        gaps: z.object({ segment: gap.nullable(), platform: gap.nullable(), largest: gap.nullable() }),
        sentence: z.object({
          verdict: z.enum(["too_few_points", "flat", "segment_driven", "sync_driven", "expected_add_only"]),
          sentence: z.string(),
        }),
      }),
    },
  },
});

export const personSyncHistoryOp = defineOperation({
  id: "getPersonSyncHistory",
  method: "GET",
  path: "/people/{externalId}/sync-history",
  tag: "People",
  role: "viewer",
  summary: "Every sync that added or removed a person, and why",
  description:
    "Newest first: added (entered the segment), removed (left the segment, suppressed by a named rule, capped, lost their identifier, held out, marked test), refused by the platform with its reason, and holdouts. Find the external id by email or phone with `GET /people?search=`.",
  query: syncHistoryQuery,
  responses: {
    200: {
      description: "The person's history.",
      schema: z.object({
        history: z.array(
          z.object({
            at: timestamp,
            kind: z.enum(SYNC_HISTORY_KINDS),
            syncId: z.string(),
            syncName: z.string(),
            destination: z.string(),
            runId: z.string().nullable(),
            reason: z.string(),
            detail: z.string(),
            rules: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        ),
        nextCursor,
      }),
    },
  },
});
