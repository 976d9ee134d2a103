import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { setCountryInput } from "@/lib/identity/default-country";
import { deleted, nextCursor } from "@/lib/openapi/schemas/common";
import { identityAudit, person, personEvent, personSummary, rejection, source } from "@/lib/openapi/schemas/data-in";
import { personEventsQuery } from "@/lib/people/person-events";
import { searchPeopleQuery } from "@/lib/people/search-people";
import { createSourceInput, rotateSourceInput, updateSourceInput } from "@/lib/sources/manage-sources";

const sources = "Sources";

export const listSourcesOp = defineOperation({
  id: "listSources",
  method: "GET",
  path: "/sources",
  tag: sources,
  role: "viewer",
  summary: "List sources",
  description: "Everyone may list them; only admins see full keys.",
  query: pageQuery(),
  responses: { 200: { description: "A page of sources.", schema: z.object({ sources: z.array(source), nextCursor }) } },
});

export const createSourceOp = defineOperation({
  id: "createSource",
  method: "POST",
  path: "/sources",
  tag: sources,
  role: "admin",
  summary: "Create a source",
  body: createSourceInput,
  maxBodyBytes: 16 * 1024,
  responses: { 201: { description: "The new source with its keys.", schema: z.object({ source }) } },
});

export const getSourceOp = defineOperation({
  id: "getSource",
  method: "GET",
  path: "/sources/{id}",
  tag: sources,
  role: "viewer",
  summary: "Get a source",
  responses: { 200: { description: "The source (full keys for admins).", schema: z.object({ source }) } },
});

export const updateSourceOp = defineOperation({
  id: "updateSource",
  method: "PATCH",
  path: "/sources/{id}",
  tag: sources,
  role: "admin",
  summary: "Rename, or set or clear the webhook signing key",
  body: updateSourceInput,
  maxBodyBytes: 16 * 1024,
  responses: { 200: { description: "The source after the change.", schema: z.object({ source }) } },
});

export const deleteSourceOp = defineOperation({
  id: "deleteSource",
  method: "DELETE",
  path: "/sources/{id}",
  tag: sources,
  role: "admin",
  summary: "Delete a source",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});

export const rotateSourceOp = defineOperation({
  id: "rotateSourceKey",
  method: "POST",
  path: "/sources/{id}/rotate",
  tag: sources,
  role: "admin",
  summary: "Rotate a key",
  description: "A new key; the old one stops working at once.",
  body: rotateSourceInput,
  maxBodyBytes: 4 * 1024,
  responses: { 200: { description: "The source with its new key.", schema: z.object({ source }) } },
});

export const revokeSourceOp = defineOperation({
  id: "revokeSource",
  method: "POST",
  path: "/sources/{id}/revoke",
  tag: sources,
  role: "admin",
  summary: "Revoke a source",
  description: "Every endpoint refuses the source's credentials from now on (401); its data stays.",
  responses: { 200: { description: "The revoked source.", schema: z.object({ source }) } },
});

export const listRejectionsOp = defineOperation({
  id: "listRejections",
  method: "GET",
  path: "/sources/{id}/rejections",
  tag: sources,
  role: "viewer",
  summary: "List refused messages",
  description: "The source's most recent refused messages, newest first, with the reason for each.",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: { 200: { description: "A page of rejections.", schema: z.object({ rejections: z.array(rejection), nextCursor }) } },
});

const people = "People";

export const searchPeopleOp = defineOperation({
  id: "searchPeople",
  method: "GET",
  path: "/people",
  tag: people,
  role: "viewer",
  summary: "Find people",
  description: "`search` matches an email, phone, external id or anonymous id, raw or normalized; without it, the newest people.",
  query: searchPeopleQuery.strict(),
  responses: { 200: { description: "A page of people.", schema: z.object({ people: z.array(personSummary), nextCursor }) } },
});

export const getPersonOp = defineOperation({
  id: "getPerson",
  method: "GET",
  path: "/people/{externalId}",
  tag: people,
  role: "viewer",
  summary: "Get a person",
  description: "By external id (URL-encoded): attributes, identifiers raw and normalized with validity, sources, segments and audiences.",
  responses: { 200: { description: "The person.", schema: z.object({ person }) } },
});

export const personEventsOp = defineOperation({
  id: "listPersonEvents",
  method: "GET",
  path: "/people/{externalId}/events",
  tag: people,
  role: "viewer",
  summary: "List a person's events",
  description: "Newest first.",
  query: personEventsQuery.strict(),
  responses: { 200: { description: "A page of events.", schema: z.object({ events: z.array(personEvent), nextCursor }) } },
});

const identity = "Identity";

export const identityAuditOp = defineOperation({
  id: "getIdentityAudit",
  method: "GET",
  path: "/identity/audit",
  tag: identity,
  role: "viewer",
  summary: "Identifier coverage audit",
  query: z.strictObject({ fresh: z.enum(["0", "1", "true", "false"]).optional().describe("Recompute now instead of the cached audit.") }),
  responses: { 200: { description: "The audit.", schema: z.object({ audit: identityAudit }) } },
});

export const getIdentitySettingsOp = defineOperation({
  id: "getIdentitySettings",
  method: "GET",
  path: "/identity/settings",
  tag: identity,
  role: "viewer",
  summary: "Get the default phone country",
  responses: {
    200: { description: "Numbers without “+<code>” are read as this country's.", schema: z.object({ defaultCountry: z.string() }) },
  },
});

export const setIdentitySettingsOp = defineOperation({
  id: "setIdentitySettings",
  method: "PUT",
  path: "/identity/settings",
  tag: identity,
  role: "admin",
  summary: "Set the default phone country",
  body: setCountryInput,
  maxBodyBytes: 4 * 1024,
  responses: { 200: { description: "The new default country.", schema: z.object({ defaultCountry: z.string() }) } },
});
