import { defineOperation } from "@/lib/api/operation";
import {
  CONFIG_MAX_BYTES,
  configApplyResponse,
  configBody,
  configDocumentResponse,
  configPlanResponse,
  configQuery,
} from "@/lib/config-as-code/config-api";

// Configuration as code (lib/config-as-code): the same three operations as `npm run cli -- config`.
const tag = "Configuration";

export const exportConfigOp = defineOperation({
  id: "exportConfig",
  method: "GET",
  path: "/config",
  tag,
  role: "viewer",
  summary: "Export the configuration",
  description: "Byte for byte what `npm run cli -- config export` writes: sorted by key, 2-space indent, trailing newline.",
  responses: { 200: { description: "The configuration document.", schema: configDocumentResponse } },
});

export const planConfigOp = defineOperation({
  id: "planConfig",
  method: "POST",
  path: "/config/plan",
  tag,
  role: "editor",
  summary: "Plan a configuration",
  description: "What applying the document would create, update (with a field diff) and delete. Changes nothing.",
  body: configBody,
  query: configQuery,
  maxBodyBytes: CONFIG_MAX_BYTES,
  responses: { 200: { description: "The plan.", schema: configPlanResponse } },
});

export const applyConfigOp = defineOperation({
  id: "applyConfig",
  method: "POST",
  path: "/config/apply",
  tag,
  role: "editor",
  summary: "Apply a configuration",
  description:
    "Makes the workspace match the document through the same domain functions as the console (roles, validation, audit log); deletes only with prune=true. Idempotent.",
  body: configBody,
  query: configQuery,
  maxBodyBytes: CONFIG_MAX_BYTES,
  responses: { 200: { description: "The plan that was carried out, and how many changes were made.", schema: configApplyResponse } },
});
