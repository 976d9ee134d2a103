import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";
import { METHODS, STEP_NAMES } from "@/lib/validation/validation-schemas";

// What the validation API sends: runs with their steps and evidence, and test profiles.

export const validationStep = z
  .object({
    name: z.enum(STEP_NAMES),
    state: z.enum(["pending", "running", "passed", "failed", "skipped"]),
    method: z.enum(METHODS).nullable().describe("How presence or absence was established: read_back, upload_receipt or size_delta."),
    summary: z.string().nullable().describe("What the step proved, or why it did not, in words."),
    evidence: jsonObject.describe("The facts behind the summary: per-profile answers, platform figures, what was read back."),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    ms: z.number().nullable(),
    attempts: z.number().int().describe("More than 1 when a worker stopped mid-step and another resumed it."),
  })
  .meta({ id: "ValidationStep" });

export const validationRun = z
  .object({
    id: z.string(),
    syncId: z.string(),
    syncName: z.string(),
    destinationKind: z.string(),
    state: z.enum(["running", "passed", "failed", "cancelled"]),
    requestedBy: z.string(),
    profileIds: z.array(z.string()),
    buyerProfileId: z.string().nullable().describe("The test profile that completes an order in the suppression step."),
    currentStep: z.string().nullable(),
    method: z.string().nullable(),
    steps: z.array(validationStep),
    error: z.string().nullable(),
    createdAt: timestamp,
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
  })
  .meta({ id: "ValidationRun" });

export const testProfile = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    externalId: z.string().nullable(),
    sendable: z.array(z.string()).describe("Identifiers a sync could send for this profile."),
  })
  .meta({ id: "TestProfile" });

export const markResult = z
  .object({ marked: z.number().int(), alreadyTest: z.number().int(), created: z.number().int(), segmentsRefreshed: z.number().int() })
  .meta({ id: "TestProfilesMarked" });
