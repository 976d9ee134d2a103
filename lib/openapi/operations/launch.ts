import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { decisionInput, listChangeRequestsQuery } from "@/lib/launch/change-requests";
import { updateLaunchSettingsInput } from "@/lib/launch/launch-settings";
import { signoffInput } from "@/lib/launch/record-signoff";
import { launchPlanInput } from "@/lib/launch/update-launch-plan";
import { changeRequest, launchChecklist, launchSettings } from "@/lib/openapi/schemas/launch";

const tag = "Launch";

export const getChecklistOp = defineOperation({
  id: "getSyncChecklist",
  method: "GET",
  path: "/syncs/{id}/checklist",
  tag,
  role: "viewer",
  summary: "A sync's launch checklist",
  description:
    "Computed on every read: each gate with its status, evidence and words. A sync goes live only when `ready` is true, or an admin overrides with a reason (PATCH /syncs/{id} with `override`).",
  responses: { 200: { description: "The checklist.", schema: z.object({ checklist: launchChecklist }) } },
});

export const recordSignoffOp = defineOperation({
  id: "recordSyncChecklistSignoff",
  method: "POST",
  path: "/syncs/{id}/checklist/signoffs",
  tag,
  role: "editor",
  summary: "Review or waive a launch gate",
  description:
    'A review of the identity audit ({"kind":"review","gate":"identity"}, stored with the figures shown), or a waiver of the connection, suppression or measurement gate with a reason. Audit-logged.',
  body: signoffInput,
  responses: { 201: { description: "The checklist after the sign-off.", schema: z.object({ checklist: launchChecklist }) } },
});

export const updateLaunchPlanOp = defineOperation({
  id: "updateSyncLaunchPlan",
  method: "PATCH",
  path: "/syncs/{id}/checklist/plan",
  tag,
  role: "editor",
  summary: "Set a sync's alert owner and measurement metric",
  body: launchPlanInput,
  responses: { 200: { description: "The checklist after the change.", schema: z.object({ checklist: launchChecklist }) } },
});

export const listChangeRequestsOp = defineOperation({
  id: "listChangeRequests",
  method: "GET",
  path: "/approvals",
  tag,
  role: "viewer",
  summary: "List change requests",
  description: "Go-lives and live-segment changes waiting for an admin (status=pending, the default), or decided ones.",
  query: listChangeRequestsQuery,
  responses: { 200: { description: "Newest first, at most 200.", schema: z.object({ changeRequests: z.array(changeRequest) }) } },
});

export const decideChangeRequestOp = defineOperation({
  id: "decideChangeRequest",
  method: "POST",
  path: "/approvals/{id}/decision",
  tag,
  role: "admin",
  summary: "Approve or reject a change request",
  description:
    "Approving applies the change through the same checks an admin's own change passes (the launch checklist for a go-live: send `override` when gates are open). Rejecting needs a comment.",
  body: decisionInput,
  responses: { 201: { description: "The decided request.", schema: z.object({ changeRequest }) } },
});

export const getLaunchSettingsOp = defineOperation({
  id: "getLaunchSettings",
  method: "GET",
  path: "/approvals/settings",
  tag,
  role: "viewer",
  summary: "Launch settings",
  description:
    "How recent a passed validation must be, whether approvals are on, and the share of a live audience a change may remove unconfirmed.",
  responses: { 200: { description: "The settings.", schema: z.object({ settings: launchSettings }) } },
});

export const updateLaunchSettingsOp = defineOperation({
  id: "updateLaunchSettings",
  method: "PATCH",
  path: "/approvals/settings",
  tag,
  role: "admin",
  summary: "Change launch settings",
  body: updateLaunchSettingsInput,
  responses: { 200: { description: "The settings after the change.", schema: z.object({ settings: launchSettings }) } },
});
