import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";

const syncState = z.enum(["draft", "live", "paused"]);

const syncFields = {
  id: z.string(),
  name: z.string(),
  segmentId: z.string(),
  destinationId: z.string(),
  identifiers: z.array(z.string()),
  mode: z.enum(["mirror", "add_only"]),
  scheduleCron: z.string().nullable(),
  intervalMinutes: z.number().int().nullable(),
  capDays: z.number().int().nullable(),
  holdoutPercent: z.number(),
  promotional: z.boolean(),
  state: syncState,
  pausedReason: z.string().nullable(),
  remoteAudienceId: z.string().nullable(),
  remoteAudienceName: z.string().nullable(),
  nextRunAt: nullableTimestamp,
  lastRunAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const sync = z.object(syncFields).meta({ id: "Sync" });

export const syncHealth = z
  .object({
    state: z.enum(["healthy", "warning", "failing", "running", "paused", "draft", "waiting"]),
    label: z.string().describe("The words every screen shows for the state."),
    cause: z.string().nullable().describe("Why, in a sentence; null when there is nothing to say."),
    since: nullableTimestamp,
    runId: z.string().nullable(),
  })
  .meta({ id: "SyncHealth", description: "The same health the console shows for the sync." });

export const listedSync = z
  .object({
    id: z.string(),
    name: z.string(),
    state: syncState,
    pausedReason: z.string().nullable(),
    segmentId: z.string(),
    segmentName: z.string(),
    destinationId: z.string(),
    destinationName: z.string(),
    destinationKind: z.string(),
    nextRunAt: nullableTimestamp,
    lastRun: z
      .object({
        id: z.string(),
        status: z.string(),
        added: z.number().int(),
        removed: z.number().int(),
        failed: z.number().int(),
        invalid: z.number().int(),
        error: z.string().nullable(),
        startedAt: nullableTimestamp,
        finishedAt: nullableTimestamp,
      })
      .nullable(),
    audienceSize: z.number().int().nullable(),
    segmentSize: z.number().int().nullable(),
    health: syncHealth,
  })
  .meta({ id: "ListedSync" });

export const run = z
  .object({
    id: z.string(),
    syncId: z.string(),
    trigger: z.string(),
    status: z.enum(["queued", "running", "succeeded", "partial", "failed", "cancelled"]),
    dryRun: z.boolean(),
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
    segmentSize: z.number().int().nullable(),
    eligible: z.number().int().nullable(),
    suppressed: z.number().int().nullable(),
    heldOut: z.number().int().nullable(),
    capped: z.number().int().nullable(),
    missingIdentifier: z.number().int().nullable(),
    toAdd: z.number().int().nullable(),
    toRemove: z.number().int().nullable(),
    added: z.number().int(),
    removed: z.number().int(),
    failed: z.number().int(),
    invalid: z.number().int(),
    error: z.string().nullable(),
    stats: jsonObject.describe("Timings and counters of the run's stages."),
    createdAt: timestamp,
  })
  .meta({ id: "Run" });

export const syncDetail = z
  .object({
    ...syncFields,
    segment: z.object({ id: z.string(), name: z.string(), size: z.number().int(), capDays: z.number().int().nullable() }),
    destination: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
    audienceSize: z.number().int().nullable(),
    health: syncHealth,
  })
  .meta({ id: "SyncDetail" });

export const snapshot = z
  .object({
    takenAt: timestamp,
    segmentSize: z.number().int().nullable(),
    eligibleSize: z.number().int().nullable(),
    audienceSize: z.number().int().nullable(),
    reportedSize: z.number().int().nullable(),
    matchRate: z.number().nullable(),
  })
  .meta({ id: "MetricSnapshot" });

export const runBatch = z
  .object({
    id: z.string(),
    runId: z.string(),
    seq: z.number().int(),
    op: z.string(),
    size: z.number().int(),
    status: z.string(),
    attempts: z.number().int(),
    request: jsonObject.nullable().describe("What was sent (never credentials)."),
    response: jsonObject.nullable(),
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
  })
  .catchall(z.unknown())
  .meta({ id: "RunBatch" });

export const itemError = z
  .object({
    id: z.string(),
    runId: z.string(),
    batchId: z.string().nullable(),
    profileId: z.string().nullable(),
    op: z.string(),
    code: z.string(),
    message: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "RunItemError" });

export const runDetail = z
  .object({
    run: run.extend({
      sync: z.object({ id: z.string(), name: z.string(), destinationId: z.string(), destination: z.object({ kind: z.string() }) }),
    }),
    batches: z.array(runBatch),
    errors: z.array(itemError),
    errorCount: z.number().int(),
    refusedRemovals: z.number().int().describe("Removals the platform refused (the audience would have dropped below its minimum)."),
    expectedVisibleBy: nullableTimestamp.describe("When the platform should show the changes."),
    visibilityDelayHours: z.number().nullable(),
  })
  .meta({ id: "RunDetail" });

export const dryRun = z
  .object({
    runId: z.string(),
    plan: jsonObject.describe("Counts: segment size, suppressed, held out, to add, to remove..."),
    warnings: z.array(z.unknown()),
    matchExpectation: jsonObject.nullable(),
    samples: jsonObject,
  })
  .catchall(z.unknown())
  .meta({ id: "DryRun" });

export const syncMember = z
  .object({
    profileId: z.string(),
    identifier: z.string(),
    emailSha256: z.string().nullable(),
    phoneSha256: z.string().nullable(),
    externalId: z.string().nullable(),
    addedAt: timestamp,
  })
  .meta({ id: "SyncMember", description: "Someone the destination has from this sync, with the identifier that was sent." });

export const suppressionRule = z
  .object({
    id: z.string(),
    name: z.string(),
    segmentId: z.string(),
    scope: z.enum(["all_promotional", "selected"]),
    enabled: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "SuppressionRule" });

export const listedSuppressionRule = z
  .object({
    id: z.string(),
    name: z.string(),
    segmentId: z.string(),
    segmentName: z.string(),
    segmentSize: z.number().int(),
    scope: z.enum(["all_promotional", "selected"]),
    enabled: z.boolean(),
    selectedSyncIds: z.array(z.string()),
    createdAt: timestamp,
    syncs: z
      .array(z.object({ id: z.string(), name: z.string(), state: syncState, heldOut: z.number().int(), segmentSize: z.number().int() }))
      .describe("The syncs it applies to and how many it holds out of each now."),
  })
  .meta({ id: "ListedSuppressionRule" });

/** The sync page's suppression list. */
export const syncSuppressionRule = z.object({ id: z.string(), name: z.string() }).catchall(z.unknown());
