import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";

export const source = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["active", "revoked"]),
    createdAt: timestamp,
    revokedAt: nullableTimestamp,
    lastReceivedAt: nullableTimestamp,
    segment: z.object({
      writeKey: z.string().describe("In full for admins; shortened with “…” for everyone else."),
      host: z.string(),
      path: z.string(),
      batchUrl: z.string(),
    }),
    customerio: z.object({
      siteId: z.string(),
      apiKey: z.string().nullable().describe("Null unless you are an admin."),
      trackUrl: z.string(),
    }),
    webhook: z.object({ url: z.string(), signingKeySet: z.boolean() }),
  })
  .meta({ id: "Source", description: "Credentials for the Segment and Customer.io tracking APIs and the reporting webhook." });

export const rejection = z
  .object({
    id: z.string(),
    sourceId: z.string().nullable(),
    channel: z.string(),
    messageId: z.string().nullable(),
    field: z.string().nullable(),
    error: z.string(),
    payload: z.string().nullable(),
    receivedAt: timestamp,
  })
  .meta({ id: "Rejection", description: "A message the source sent that was refused, and why." });

export const personSummary = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    emailRaw: z.string().nullable(),
    phone: z.string().nullable(),
    phoneRaw: z.string().nullable(),
    phoneValid: z.boolean().nullable(),
    isTest: z.boolean(),
    lastSeenAt: timestamp,
    matchedOn: z.array(z.string()).describe("Which identifiers matched the search."),
  })
  .meta({ id: "PersonSummary" });

const identifier = z
  .object({
    raw: z.string().nullable(),
    normalized: z.string().nullable(),
    sha256: z.string().nullable(),
    valid: z.boolean(),
    prehashed: z.boolean(),
    error: z.string().nullable(),
  })
  .meta({ id: "Identifier", description: "An identifier as received, normalized and hashed, with why it is unusable if it is." });

export const person = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    isTest: z.boolean(),
    firstSeenAt: timestamp,
    lastSeenAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
    attributes: jsonObject,
    identifiers: z.object({ externalId: z.string().nullable(), email: identifier, phone: identifier, anonymousIds: z.array(z.string()) }),
    sources: z.array(z.object({ id: z.string(), name: z.string().nullable(), events: z.number().int(), lastEventAt: timestamp })),
    segments: z.array(z.object({ id: z.string(), name: z.string(), enteredAt: timestamp })),
    audiences: z.array(
      z.object({ syncId: z.string(), syncName: z.string(), destination: z.string(), kind: z.string(), addedAt: timestamp }),
    ),
  })
  .meta({ id: "Person" });

export const personEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    properties: jsonObject,
    occurredAt: timestamp,
    receivedAt: timestamp,
    sourceId: z.string().nullable(),
    messageId: z.string().nullable(),
    anonymousId: z.string().nullable(),
  })
  .meta({ id: "PersonEvent" });

export const identityAudit = z
  .object({
    generatedAt: timestamp,
    defaultCountry: z.string(),
    coverage: jsonObject,
    segments: z.array(jsonObject),
    invalid: jsonObject,
    normalization: jsonObject,
    duplicates: jsonObject,
    trend: z.array(jsonObject),
  })
  .meta({
    id: "IdentityAudit",
    description: "Identifier coverage, invalid formats, normalization changes, duplicates and the daily trend.",
  });
