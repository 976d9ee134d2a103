import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";
import { GATE_KEYS } from "@/lib/launch/gates";

// What the launch API sends: a sync's checklist (the same object the sync page and the go-live
// check read), change requests waiting for approval, and the workspace's launch settings.

const gateKey = z.enum(GATE_KEYS);

export const launchGate = z
  .object({
    key: gateKey,
    label: z.string(),
    status: z.enum(["passed", "waived", "failed", "not_applicable"]),
    summary: z.string().describe("One sentence: what is true now."),
    details: z.array(z.string()).describe("The evidence, what could not be checked, what to do next."),
    waivable: z.boolean().describe("Whether a person may waive this gate with a reason."),
    signoff: z
      .object({
        kind: z.enum(["review", "waiver"]),
        reason: z.string().nullable(),
        by: z.string(),
        at: timestamp,
        evidence: jsonObject.describe("For an identity review: the identifiers and figures the reviewer saw."),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .meta({ id: "LaunchGate" });

export const launchChecklist = z
  .object({
    syncId: z.string(),
    state: z.string(),
    ready: z.boolean().describe("Every gate passed, waived or not applicable: the sync may go live."),
    gates: z.array(launchGate),
    failing: z.array(gateKey),
    override: z
      .object({ by: z.string(), at: timestamp, reason: z.string(), gates: z.array(z.string()) })
      .strict()
      .nullable()
      .describe("The admin override that set this live sync live with gates open."),
    pendingRequestId: z.string().nullable().describe("A go-live waiting for an admin's approval."),
  })
  .strict()
  .meta({ id: "LaunchChecklist" });

export const changeRequest = z
  .object({
    id: z.string(),
    kind: z.enum(["sync_live", "segment_change"]),
    entityType: z.enum(["sync", "segment"]),
    entityId: z.string(),
    title: z.string(),
    diff: z
      .unknown()
      .describe(
        "What would change: fields before and after, rules added and removed, and per live audience who would be added and removed.",
      ),
    status: z.enum(["pending", "approved", "rejected", "superseded"]),
    requestedBy: z.string(),
    createdAt: timestamp,
    decidedBy: z.string().nullable(),
    decidedAt: nullableTimestamp,
    comment: z.string().nullable(),
  })
  .strict()
  .meta({ id: "ChangeRequest" });

export const launchSettings = z
  .object({
    validationMaxAgeDays: z.number().int(),
    approvalsEnabled: z.boolean(),
    riskyRemovalPercent: z.number().int(),
  })
  .strict()
  .meta({ id: "LaunchSettings" });
