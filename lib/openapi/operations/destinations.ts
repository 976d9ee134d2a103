import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { createDestinationInput, updateDestinationInput } from "@/lib/destinations/destination-schemas";
import { deleted, nextCursor } from "@/lib/openapi/schemas/common";
import { connectionTest, destination, destinationKind, listedDestination, platformCall } from "@/lib/openapi/schemas/destinations";
import { cursorParam } from "@/lib/api/paging";
import { createSuppressionRuleInput, updateSuppressionRuleInput } from "@/lib/suppression/suppression-schemas";
import { listedSuppressionRule, suppressionRule } from "@/lib/openapi/schemas/syncs";

const tag = "Destinations";

export const listDestinationsOp = defineOperation({
  id: "listDestinations",
  method: "GET",
  path: "/destinations",
  tag,
  role: "viewer",
  summary: "List destinations",
  description: "Credentials are never returned: `credentialsSet` names the ones that are set. `kinds` lists what can be created.",
  query: pageQuery(),
  responses: {
    200: {
      description: "A page of destinations, and the kinds available.",
      schema: z.object({ destinations: z.array(listedDestination), kinds: z.array(destinationKind), nextCursor }),
    },
  },
});

export const createDestinationOp = defineOperation({
  id: "createDestination",
  method: "POST",
  path: "/destinations",
  tag,
  role: "editor",
  summary: "Create a destination",
  description: "Secrets go in `credentials` and never come out.",
  body: createDestinationInput,
  responses: { 201: { description: "The new destination.", schema: z.object({ destination }) } },
});

export const getDestinationOp = defineOperation({
  id: "getDestination",
  method: "GET",
  path: "/destinations/{id}",
  tag,
  role: "viewer",
  summary: "Get a destination",
  responses: { 200: { description: "The destination.", schema: z.object({ destination: listedDestination }) } },
});

export const updateDestinationOp = defineOperation({
  id: "updateDestination",
  method: "PATCH",
  path: "/destinations/{id}",
  tag,
  role: "editor",
  summary: "Update a destination",
  body: updateDestinationInput.strict(),
  responses: { 200: { description: "The destination after the change.", schema: z.object({ destination }) } },
});

export const deleteDestinationOp = defineOperation({
  id: "deleteDestination",
  method: "DELETE",
  path: "/destinations/{id}",
  tag,
  role: "editor",
  summary: "Delete a destination",
  description: "Refused (409) while a sync uses it.",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});

export const testDestinationOp = defineOperation({
  id: "testDestination",
  method: "POST",
  path: "/destinations/{id}/test",
  tag,
  role: "editor",
  summary: "Test the connection",
  description: "200 either way: a failed connection test is a result, not an API error.",
  responses: {
    200: { description: "Whether the platform accepted the credentials, and what it said.", schema: z.object({ result: connectionTest }) },
  },
});

export const listPlatformCallsOp = defineOperation({
  id: "listPlatformCalls",
  method: "GET",
  path: "/destinations/{id}/calls",
  tag,
  role: "viewer",
  summary: "List recent platform calls",
  description:
    "The request inspector: the destination's calls to its platform (runs, connection tests, dry runs), newest first, with method, path, " +
    "status, latency and redacted excerpts of both bodies. Kept 7 days, and the last 100 whatever their age. `errors=true` keeps only " +
    "calls that got an HTTP error or no answer.",
  query: z.strictObject({
    errors: z.enum(["true", "false"]).default("false").describe("`true`: only calls that failed."),
    limit: z.coerce.number().int().min(1).max(100).default(100).describe("How many calls per page (1 to 100)."),
    cursor: cursorParam.optional(),
  }),
  responses: {
    200: { description: "A page of calls, newest first.", schema: z.object({ calls: z.array(platformCall), nextCursor }) },
  },
});

const rulesTag = "Suppression rules";

export const listSuppressionRulesOp = defineOperation({
  id: "listSuppressionRules",
  method: "GET",
  path: "/suppression-rules",
  tag: rulesTag,
  role: "viewer",
  summary: "List suppression rules",
  description: "Each with its coverage: the syncs it applies to and how many it holds out of each now.",
  query: pageQuery(),
  responses: {
    200: { description: "A page of rules.", schema: z.object({ suppressionRules: z.array(listedSuppressionRule), nextCursor }) },
  },
});

export const createSuppressionRuleOp = defineOperation({
  id: "createSuppressionRule",
  method: "POST",
  path: "/suppression-rules",
  tag: rulesTag,
  role: "editor",
  summary: "Create a suppression rule",
  body: createSuppressionRuleInput,
  responses: { 201: { description: "The new rule.", schema: z.object({ suppressionRule }) } },
});

export const getSuppressionRuleOp = defineOperation({
  id: "getSuppressionRule",
  method: "GET",
  path: "/suppression-rules/{id}",
  tag: rulesTag,
  role: "viewer",
  summary: "Get a suppression rule",
  responses: { 200: { description: "The rule with its coverage.", schema: z.object({ suppressionRule: listedSuppressionRule }) } },
});

export const updateSuppressionRuleOp = defineOperation({
  id: "updateSuppressionRule",
  method: "PATCH",
  path: "/suppression-rules/{id}",
  tag: rulesTag,
  role: "editor",
  summary: "Update a suppression rule",
  body: updateSuppressionRuleInput,
  responses: { 200: { description: "The rule after the change.", schema: z.object({ suppressionRule }) } },
});

export const deleteSuppressionRuleOp = defineOperation({
  id: "deleteSuppressionRule",
  method: "DELETE",
  path: "/suppression-rules/{id}",
  tag: rulesTag,
  role: "editor",
  summary: "Delete a suppression rule",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});
