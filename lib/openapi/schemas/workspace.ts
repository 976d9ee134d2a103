import { z } from "zod";
import { jsonObject, nullableTimestamp, role, timestamp } from "@/lib/openapi/schemas/common";

export const me = z
  .object({ type: z.enum(["user", "token", "system"]), id: z.string().nullable(), name: z.string(), role })
  .meta({ id: "Me", description: "Who the request acts as." });

export const user = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role,
    disabledAt: nullableTimestamp,
    lastLoginAt: nullableTimestamp,
    createdAt: timestamp,
  })
  .meta({ id: "User", description: "A person who signs in to the console (never a password hash)." });

export const token = z
  .object({
    id: z.string(),
    name: z.string(),
    role,
    prefix: z.string().describe("The token's first characters, to recognise it."),
    createdAt: timestamp,
    lastUsedAt: nullableTimestamp,
    revokedAt: nullableTimestamp,
    createdBy: z.object({ email: z.string() }).nullable(),
    suspended: z.string().nullable().describe("Why an unrevoked token does not work (its creator was disabled or demoted)."),
  })
  .meta({ id: "ApiToken" });

export const createdToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role,
    prefix: z.string(),
    createdAt: timestamp,
    token: z.string().describe("The secret, shown in this response only."),
  })
  .meta({ id: "CreatedApiToken" });

export const auditEntry = z
  .object({
    id: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string().describe('What happened: "segment.created", "sync.paused"...'),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: jsonObject.nullable(),
    after: jsonObject.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "AuditEntry" });
