import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { createTokenInput } from "@/lib/auth/api-tokens";
import { createUserInput, updateUserInput } from "@/lib/auth/users";
import { nextCursor } from "@/lib/openapi/schemas/common";
import { auditEntry, createdToken, me, token, user } from "@/lib/openapi/schemas/workspace";

const tag = "Workspace";

export const meOp = defineOperation({
  id: "getMe",
  method: "GET",
  path: "/me",
  tag,
  role: "viewer",
  summary: "Who am I",
  responses: { 200: { description: "The user or token the request acts as, and its role.", schema: me } },
});

export const listUsersOp = defineOperation({
  id: "listUsers",
  method: "GET",
  path: "/users",
  tag,
  role: "admin",
  summary: "List users",
  query: pageQuery(),
  responses: { 200: { description: "A page of users.", schema: z.object({ users: z.array(user), nextCursor }) } },
});

export const createUserOp = defineOperation({
  id: "createUser",
  method: "POST",
  path: "/users",
  tag,
  role: "admin",
  summary: "Create a user",
  body: createUserInput,
  responses: { 201: { description: "The new user.", schema: z.object({ user }) } },
});

export const userPatchInput = updateUserInput.omit({ userId: true }).strict();

export const updateUserOp = defineOperation({
  id: "updateUser",
  method: "PATCH",
  path: "/users/{id}",
  tag,
  role: "admin",
  summary: "Change a user's role, name or access",
  description: "Refused (409) if it would leave no active admin.",
  body: userPatchInput,
  responses: { 200: { description: "The user after the change.", schema: z.object({ user }) } },
});

export const listTokensOp = defineOperation({
  id: "listTokens",
  method: "GET",
  path: "/tokens",
  tag,
  role: "admin",
  summary: "List API tokens",
  description: "Newest first. Token secrets are never listed.",
  query: pageQuery(),
  responses: { 200: { description: "A page of tokens.", schema: z.object({ tokens: z.array(token), nextCursor }) } },
});

export const createTokenOp = defineOperation({
  id: "createToken",
  method: "POST",
  path: "/tokens",
  tag,
  role: "admin",
  summary: "Create an API token",
  description: "The plaintext token is in this response and nowhere else, ever.",
  body: createTokenInput,
  responses: { 201: { description: "The new token with its secret.", schema: z.object({ token: createdToken }) } },
});

export const revokeTokenOp = defineOperation({
  id: "revokeToken",
  method: "DELETE",
  path: "/tokens/{id}",
  tag,
  role: "admin",
  summary: "Revoke an API token",
  responses: { 200: { description: "Revoked.", schema: z.object({ revoked: z.literal(true) }) } },
});

export const listAuditOp = defineOperation({
  id: "listAudit",
  method: "GET",
  path: "/audit",
  tag,
  role: "viewer",
  summary: "List the audit log",
  description: "Every change, newest first. Filter with `entityType` (segment, sync, destination, source, user, api_token...).",
  query: pageQuery({ max: 500, byDefault: 50 }).extend({
    entityType: z.string().max(64).optional().describe("Only entries about this kind of thing."),
  }),
  responses: { 200: { description: "A page of entries.", schema: z.object({ entries: z.array(auditEntry), nextCursor }) } },
});
