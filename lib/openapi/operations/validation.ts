import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { nextCursor } from "@/lib/openapi/schemas/common";
import { markResult, testProfile, validationRun } from "@/lib/openapi/schemas/validation";
import { markTestProfilesSchema } from "@/lib/validation/test-profiles";
import { startValidationSchema } from "@/lib/validation/validation-schemas";

const tag = "Validation";

export const listValidationsOp = defineOperation({
  id: "listValidations",
  method: "GET",
  path: "/validations",
  tag,
  role: "viewer",
  summary: "List validation runs",
  description: "Newest first. Filter by `syncId`.",
  query: pageQuery({ max: 100, byDefault: 20 })
    .extend({ syncId: z.string().min(1).max(64).optional() })
    .strict(),
  responses: { 200: { description: "A page of validation runs.", schema: z.object({ validations: z.array(validationRun), nextCursor }) } },
});

export const startValidationOp = defineOperation({
  id: "startValidation",
  method: "POST",
  path: "/validations",
  tag,
  role: "editor",
  summary: "Start a test-cohort validation",
  description:
    "Sends 1 to 50 test profiles to the sync's real audience, verifies they arrived, proves a buyer leaves through the purchase suppression, removes them and verifies the audience shrank. " +
    "Refused, with nothing sent, for anyone who is not a test profile, a paused sync, or a validation of the sync already running. Poll `GET /validations/{id}` for the steps.",
  body: startValidationSchema,
  responses: { 202: { description: "The run, queued.", schema: z.object({ validation: validationRun }) } },
});

export const getValidationOp = defineOperation({
  id: "getValidation",
  method: "GET",
  path: "/validations/{id}",
  tag,
  role: "viewer",
  summary: "Get a validation run",
  responses: { 200: { description: "The run with each step's evidence.", schema: z.object({ validation: validationRun }) } },
});

export const listTestProfilesOp = defineOperation({
  id: "listTestProfiles",
  method: "GET",
  path: "/test-profiles",
  tag,
  role: "viewer",
  summary: "List test profiles",
  description: "Profiles marked as test: never in segments or live audiences; only validation runs send them.",
  responses: { 200: { description: "Every test profile (up to 1,000).", schema: z.object({ testProfiles: z.array(testProfile) }) } },
});

export const markTestProfilesOp = defineOperation({
  id: "markTestProfiles",
  method: "POST",
  path: "/test-profiles",
  tag,
  role: "editor",
  summary: "Mark or create test profiles",
  description:
    "`by`: `plus_prefix` (every qa+…@ address for prefix `qa`), `domain` (every address at an internal domain), `ids` (profile or external ids, comma or newline separated), or `create` (N new synthetic people). " +
    "The segments they were in are refreshed at once, so they leave them.",
  body: markTestProfilesSchema,
  responses: { 201: { description: "How many were marked.", schema: markResult } },
});
