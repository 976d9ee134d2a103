import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { alertListQuery } from "@/lib/monitoring/alerts/list-alerts";
import { createRuleInput, updateRuleInput } from "@/lib/monitoring/alerts/rule-schemas";
import { deleted, nextCursor } from "@/lib/openapi/schemas/common";
import { alert, alertRule } from "@/lib/openapi/schemas/alerts";

const tag = "Alerts";

export const listAlertsOp = defineOperation({
  id: "listAlerts",
  method: "GET",
  path: "/alerts",
  tag,
  role: "viewer",
  summary: "List alerts",
  description:
    "Active ones first (critical before warning), then the most recent. Filter by `state` (active, open, acknowledged, resolved) and `syncId`.",
  query: pageQuery().extend(alertListQuery.shape).strict(),
  responses: { 200: { description: "A page of alerts.", schema: z.object({ alerts: z.array(alert), nextCursor }) } },
});

export const getAlertOp = defineOperation({
  id: "getAlert",
  method: "GET",
  path: "/alerts/{id}",
  tag,
  role: "viewer",
  summary: "Get an alert",
  responses: { 200: { description: "The alert with every transition.", schema: z.object({ alert }) } },
});

export const acknowledgeAlertOp = defineOperation({
  id: "acknowledgeAlert",
  method: "POST",
  path: "/alerts/{id}/acknowledge",
  tag,
  role: "editor",
  summary: "Acknowledge an alert",
  description: "Recorded in the audit log; its channels are told once. It still resolves by itself when the condition clears.",
  responses: { 201: { description: "The alert, acknowledged.", schema: z.object({ alert }) } },
});

export const listAlertRulesOp = defineOperation({
  id: "listAlertRules",
  method: "GET",
  path: "/alert-rules",
  tag,
  role: "viewer",
  summary: "List alert rules",
  description: "The defaults every sync has first, then the rules people added.",
  query: pageQuery(),
  responses: { 200: { description: "A page of rules.", schema: z.object({ alertRules: z.array(alertRule), nextCursor }) } },
});

export const createAlertRuleOp = defineOperation({
  id: "createAlertRule",
  method: "POST",
  path: "/alert-rules",
  tag,
  role: "editor",
  summary: "Create an alert rule",
  description:
    "A kind with its params, a severity, a scope (a sync, a destination, everything) and the channels to notify. Applied within a minute.",
  body: createRuleInput,
  responses: { 201: { description: "The new rule.", schema: z.object({ alertRule }) } },
});

export const getAlertRuleOp = defineOperation({
  id: "getAlertRule",
  method: "GET",
  path: "/alert-rules/{id}",
  tag,
  role: "viewer",
  summary: "Get an alert rule",
  responses: { 200: { description: "The rule.", schema: z.object({ alertRule }) } },
});

export const updateAlertRuleOp = defineOperation({
  id: "updateAlertRule",
  method: "PATCH",
  path: "/alert-rules/{id}",
  tag,
  role: "editor",
  summary: "Change an alert rule",
  description: "Send only what changes; params are checked against the rule's kind. A default rule cannot be switched off.",
  body: updateRuleInput,
  responses: { 200: { description: "The rule after the change.", schema: z.object({ alertRule }) } },
});

export const deleteAlertRuleOp = defineOperation({
  id: "deleteAlertRule",
  method: "DELETE",
  path: "/alert-rules/{id}",
  tag,
  role: "editor",
  summary: "Delete an alert rule",
  description: "Its open alerts are closed (their channels told). The defaults cannot be deleted.",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});
