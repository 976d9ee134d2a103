import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";

const segmentFields = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  definition: jsonObject.describe("The segment definition (conditions, match, cap); see the console's JSON view."),
  version: z.number().int(),
  capDays: z.number().int().nullable(),
  refreshIntervalMinutes: z.number().int(),
  size: z.number().int(),
  lastRefreshedAt: nullableTimestamp,
  archivedAt: nullableTimestamp,
  lastRefreshMs: z.number().int().nullable(),
  lastRefreshError: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const segment = z.object(segmentFields).meta({ id: "Segment" });
export const listedSegment = z
  .object({ ...segmentFields, summary: z.string().nullable(), syncCount: z.number().int() })
  .meta({ id: "ListedSegment" });

const lint = z
  .object({ code: z.string(), message: z.string(), fix: z.string(), path: z.string().optional() })
  .meta({ id: "SegmentLint", description: "A likely mistake in a definition, and how to fix it." });

export const segmentDetail = z
  .object({
    ...segmentFields,
    definitionValid: z.boolean(),
    entry: z.string().nullable().describe("Who enters, in words."),
    exit: z.string().nullable().describe("When they leave, in words."),
    lints: z.array(lint),
    usedBy: z.array(z.object({ id: z.string(), name: z.string() }).catchall(z.unknown())),
  })
  .meta({ id: "SegmentDetail" });

export const refreshResult = z
  .object({
    matched: z.number().int(),
    entered: z.number().int(),
    exited: z.number().int(),
    capped: z.number().int(),
    blocked: z.number().int(),
    size: z.number().int(),
    segmentId: z.string(),
    ms: z.number(),
    trigger: z.string(),
  })
  .meta({ id: "SegmentRefresh" });

export const segmentMember = z
  .object({
    profileId: z.string(),
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    firstName: z.string().nullable(),
    enteredAt: timestamp,
  })
  .meta({ id: "SegmentMember" });

export const preview = z
  .object({
    count: z.number().int(),
    total: z.number().int(),
    sample: z.array(
      z.object({
        id: z.string(),
        externalId: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        firstName: z.string().nullable(),
      }),
    ),
    reachable: z.number().int(),
    funnel: z.array(z.object({ label: z.string(), count: z.number().int() })),
    entry: z.string(),
    exit: z.string(),
    lints: z.array(lint),
    impact: z
      .object({
        current: z.number().int(),
        entering: z.number().int(),
        leaving: z.number().int(),
        capped: z.number().int(),
        syncs: z.array(z.object({ name: z.string(), destination: z.string(), state: z.string() })),
      })
      .nullable()
      .describe("With segmentId: who would enter and leave if it were saved, and the syncs it feeds."),
    ms: z.number(),
  })
  .meta({ id: "SegmentPreview" });
