import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { deleted, nextCursor } from "@/lib/openapi/schemas/common";
import {
  dryRun,
  listedSync,
  run,
  runDetail,
  snapshot,
  sync,
  syncDetail,
  syncMember,
  syncSuppressionRule,
} from "@/lib/openapi/schemas/syncs";
import { createSyncInput, updateSyncInput } from "@/lib/sync/sync-schemas";

const tag = "Syncs";

export const listSyncsOp = defineOperation({
  id: "listSyncs",
  method: "GET",
  path: "/syncs",
  tag,
  role: "viewer",
  summary: "List syncs",
  description: "Each with its last run, audience size and health (the same health the console shows).",
  query: pageQuery(),
  responses: { 200: { description: "A page of syncs.", schema: z.object({ syncs: z.array(listedSync), nextCursor }) } },
});

export const createSyncOp = defineOperation({
  id: "createSync",
  method: "POST",
  path: "/syncs",
  tag,
  role: "editor",
  summary: "Create a sync",
  description: "A segment to a destination audience; it starts as a draft.",
  body: createSyncInput,
  responses: { 201: { description: "The new sync.", schema: z.object({ sync }) } },
});

export const getSyncOp = defineOperation({
  id: "getSync",
  method: "GET",
  path: "/syncs/{id}",
  tag,
  role: "viewer",
  summary: "Get a sync",
  responses: {
    200: {
      description: "The sync with its health, the suppression rules that apply, recent runs and size history.",
      schema: z.object({
        sync: syncDetail,
        suppressionRules: z.array(syncSuppressionRule),
        recentRuns: z.array(run),
        snapshots: z.array(snapshot),
        lastReportedMatch: z.record(z.string(), z.unknown()).nullable(),
      }),
    },
  },
});

export const syncPatchInput = updateSyncInput
  .extend({
    state: z
      .enum(["draft", "live", "paused"])
      .optional()
      .describe('"live" starts it once its launch checklist passes (GET /syncs/{id}/checklist), "paused" pauses it.'),
    override: z
      .string()
      .max(1000)
      .optional()
      .describe("Admin only: the reason to go live with launch checklist gates open (written to the audit log)."),
  })
  .strict();

export const updateSyncOp = defineOperation({
  id: "updateSync",
  method: "PATCH",
  path: "/syncs/{id}",
  tag,
  role: "editor",
  summary: "Update or start or pause a sync",
  description:
    "Configuration and state in one PATCH: send only what changes. Going live is refused (409, error.gates names them) while a launch checklist gate is not met, unless an admin sends an override reason.",
  body: syncPatchInput,
  responses: {
    200: {
      description:
        "The sync after the change. With approvals on, an editor's go-live is stored as a pending change request (changeRequestId) and the sync stays as it was.",
      schema: z.object({ sync, changeRequestId: z.string().optional() }),
    },
  },
});

export const deleteSyncOp = defineOperation({
  id: "deleteSync",
  method: "DELETE",
  path: "/syncs/{id}",
  tag,
  role: "editor",
  summary: "Delete a sync",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});

export const listRunsOp = defineOperation({
  id: "listRuns",
  method: "GET",
  path: "/syncs/{id}/runs",
  tag,
  role: "viewer",
  summary: "List a sync's runs",
  description: "Newest first, previews included.",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: { 200: { description: "A page of runs.", schema: z.object({ runs: z.array(run), nextCursor }) } },
});

export const triggerRunInput = z.strictObject({ dryRun: z.boolean().default(false).describe("Plan without sending: counts and samples.") });

export const triggerRunOp = defineOperation({
  id: "triggerRun",
  method: "POST",
  path: "/syncs/{id}/runs",
  tag,
  role: "editor",
  summary: "Run a sync, or plan a run",
  description:
    'No body (or `{}`) queues a run: 202 with the run to poll. `{"dryRun": true}` plans without sending: 200 with the counts and samples.',
  body: triggerRunInput,
  bodyOptional: true,
  responses: {
    200: { description: "The plan of a dry run.", schema: z.object({ dryRun }) },
    202: { description: "The queued run.", schema: z.object({ run }) },
  },
});

export const getRunOp = defineOperation({
  id: "getRun",
  method: "GET",
  path: "/syncs/{id}/runs/{runId}",
  tag,
  role: "viewer",
  summary: "Get a run",
  description: "With its batches and per-item errors; poll it while the run is live.",
  query: z.strictObject({ errors: z.coerce.number().int().min(0).max(1000).default(100).describe("How many per-item errors to include.") }),
  responses: { 200: { description: "The run.", schema: runDetail } },
});

export const syncMembersOp = defineOperation({
  id: "listSyncMembers",
  method: "GET",
  path: "/syncs/{id}/members",
  tag,
  role: "viewer",
  summary: "List who the destination has",
  description: "The delivered set as the engine recorded it, in profile id order.",
  query: pageQuery({ max: 1000, byDefault: 500 }),
  responses: { 200: { description: "A page of delivered members.", schema: z.object({ members: z.array(syncMember), nextCursor }) } },
});
