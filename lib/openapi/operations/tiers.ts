import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { deleted } from "@/lib/openapi/schemas/common";
import { tierGroup } from "@/lib/openapi/schemas/tiers";
import { tierGroupInput, tierGroupPatch } from "@/lib/tiers/tier-groups";

const tag = "Intent tiers";
const description =
  "A tier group orders syncs from the lowest intent to the highest (viewed product < added to cart < started checkout). " +
  "Each person is synced only to the highest tier they qualify for, worked out when each tier's run plans, and the tiers of one group never run at the same time.";

export const listTierGroupsOp = defineOperation({
  id: "listTierGroups",
  method: "GET",
  path: "/tier-groups",
  tag,
  role: "viewer",
  summary: "List intent tier groups",
  description,
  responses: {
    200: { description: "Every group with its tiers, lowest intent first.", schema: z.object({ tierGroups: z.array(tierGroup) }) },
  },
});

export const createTierGroupOp = defineOperation({
  id: "createTierGroup",
  method: "POST",
  path: "/tier-groups",
  tag,
  role: "editor",
  summary: "Create an intent tier group",
  description: "`syncIds` lowest intent first. A sync can be a tier of one group only (409 otherwise).",
  body: tierGroupInput,
  responses: { 201: { description: "The new group.", schema: z.object({ tierGroup }) } },
});

export const getTierGroupOp = defineOperation({
  id: "getTierGroup",
  method: "GET",
  path: "/tier-groups/{id}",
  tag,
  role: "viewer",
  summary: "Get an intent tier group",
  responses: { 200: { description: "The group with its tiers and their audience sizes.", schema: z.object({ tierGroup }) } },
});

export const updateTierGroupOp = defineOperation({
  id: "updateTierGroup",
  method: "PATCH",
  path: "/tier-groups/{id}",
  tag,
  role: "editor",
  summary: "Rename or reorder an intent tier group",
  description: "`syncIds` is the whole list in its new order, lowest intent first; leave it out to rename only.",
  body: tierGroupPatch,
  responses: { 200: { description: "The group after the change.", schema: z.object({ tierGroup }) } },
});

export const deleteTierGroupOp = defineOperation({
  id: "deleteTierGroup",
  method: "DELETE",
  path: "/tier-groups/{id}",
  tag,
  role: "editor",
  summary: "Delete an intent tier group",
  description: "The syncs stay; from their next run each sends everyone in its own segment again.",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});
