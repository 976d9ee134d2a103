import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";

// Secrets go in (`credentials`) and never come out: the shapes are closed, so a response
// carrying any field not listed here (a credential, say) fails the conformance test.

const verification = z
  .object({ state: z.string() })
  .catchall(z.unknown())
  .describe("Whether the last connection test reached the platform.");

const destinationFields = {
  id: z.string(),
  name: z.string(),
  kind: z.string().describe("meta | google_ads | tiktok | webhook | warehouse"),
  label: z.string(),
  settings: jsonObject.describe("The kind's settings (never credentials)."),
  credentialsSet: z.array(z.string()).describe("Names of the credentials that are set; their values are never returned."),
  lastTestedAt: nullableTimestamp,
  lastTestOk: z.boolean().nullable(),
  lastTestDetail: z.string().nullable(),
  verification,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const destination = z.object(destinationFields).meta({ id: "Destination" });
export const listedDestination = z.object({ ...destinationFields, syncCount: z.number().int() }).meta({ id: "ListedDestination" });

const field = z
  .object({
    name: z.string(),
    label: z.string(),
    description: z.string().optional(),
    type: z.string(),
    required: z.boolean(),
    secret: z.boolean(),
  })
  .catchall(z.unknown());

export const destinationKind = z
  .object({
    kind: z.string(),
    label: z.string(),
    maxBatchSize: z.number().int(),
    identifiers: z.array(z.string()),
    visibilityDelayHours: z.number().nullable(),
    settings: z.array(field),
    credentials: z.array(field),
    addressSettings: z.array(z.string()),
  })
  .meta({ id: "DestinationKind", description: "A kind of destination and the settings and credentials it takes." });

export const connectionTest = z.object({ ok: z.boolean(), detail: z.string() }).catchall(z.unknown()).meta({ id: "ConnectionTest" });

export const platformCall = z
  .object({
    id: z.string(),
    syncRunId: z.string().nullable().describe("The run that made the call; null for connection tests."),
    at: timestamp,
    method: z.string(),
    path: z.string().describe("Path and query on the platform, with tokens and keys replaced by [redacted]."),
    status: z.number().int().nullable().describe("The HTTP status; null when no answer came."),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    requestExcerpt: z.string().nullable().describe("The first 2,000 characters sent, with credentials and raw emails/phones redacted."),
    responseExcerpt: z.string().nullable().describe("The first 2,000 characters of the answer, redacted the same way."),
  })
  .meta({ id: "PlatformCall" });
