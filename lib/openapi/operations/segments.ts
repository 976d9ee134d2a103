import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { deleted, nextCursor } from "@/lib/openapi/schemas/common";
import { listedSegment, preview, refreshResult, segment, segmentDetail, segmentMember } from "@/lib/openapi/schemas/segments";
import { previewInput } from "@/lib/segments/preview";
import { membersQuery } from "@/lib/segments/queries";
import { createSegmentInput, updateSegmentInput } from "@/lib/segments/segment-input";

const tag = "Segments";
const updated = z.object({
  segment,
  versionCreated: z.boolean().describe("True when the definition changed, making a new version."),
  refresh: refreshResult.nullable(),
  changeRequestId: z
    .string()
    .optional()
    .describe("With approvals on, an editor's change to a segment feeding a live sync waits for an admin: nothing changed yet."),
});

export const listSegmentsOp = defineOperation({
  id: "listSegments",
  method: "GET",
  path: "/segments",
  tag,
  role: "viewer",
  summary: "List segments",
  description: "In name order, each with a one-line summary and how many syncs use it.",
  query: pageQuery(),
  responses: { 200: { description: "A page of segments.", schema: z.object({ segments: z.array(listedSegment), nextCursor }) } },
});

export const createSegmentOp = defineOperation({
  id: "createSegment",
  method: "POST",
  path: "/segments",
  tag,
  role: "editor",
  summary: "Create a segment",
  description: "Saves the definition and materializes it at once; an invalid definition is a 400 naming the path.",
  body: createSegmentInput,
  responses: { 201: { description: "The segment and its first refresh.", schema: z.object({ segment, refresh: refreshResult }) } },
});

export const previewSegmentOp = defineOperation({
  id: "previewSegment",
  method: "POST",
  path: "/segments/preview",
  tag,
  role: "viewer",
  summary: "Preview a definition",
  description: "Size, funnel, sample, lints and the description in words; with `segmentId`, the change's impact. Nothing is saved.",
  body: previewInput,
  maxBodyBytes: 256 * 1024,
  responses: { 200: { description: "What the definition would select now.", schema: preview } },
});

export const getSegmentOp = defineOperation({
  id: "getSegment",
  method: "GET",
  path: "/segments/{id}",
  tag,
  role: "viewer",
  summary: "Get a segment",
  responses: {
    200: {
      description: "The segment with its entry and exit in words, lints and what uses it.",
      schema: z.object({ segment: segmentDetail }),
    },
  },
});

const updateSegmentFields = {
  tag,
  role: "editor" as const,
  body: updateSegmentInput,
  responses: { 200: { description: "The segment after the change.", schema: updated } },
};
export const updateSegmentOp = defineOperation({
  id: "updateSegment",
  method: "PATCH",
  path: "/segments/{id}",
  summary: "Update a segment",
  description:
    "Send only what changes. A changed definition becomes a new version. When the segment feeds live syncs, a change that would remove more than the workspace's share of a live audience (default 30%), or empty one, is refused (409, error.audiences has the figures) unless confirmRisk is true.",
  ...updateSegmentFields,
});
export const replaceSegmentOp = defineOperation({
  id: "updateSegmentPut",
  method: "PUT",
  path: "/segments/{id}",
  summary: "Update a segment (PUT)",
  description: "The same as PATCH: send only what changes.",
  ...updateSegmentFields,
});

export const deleteSegmentOp = defineOperation({
  id: "deleteSegment",
  method: "DELETE",
  path: "/segments/{id}",
  tag,
  role: "editor",
  summary: "Delete a segment",
  description: "Refused (409) while a sync, a suppression rule or another segment uses it.",
  responses: { 200: { description: "Deleted.", schema: deleted } },
});

export const refreshSegmentOp = defineOperation({
  id: "refreshSegment",
  method: "POST",
  path: "/segments/{id}/refresh",
  tag,
  role: "editor",
  summary: "Refresh a segment now",
  responses: { 200: { description: "Who entered and exited, and the new size.", schema: z.object({ refresh: refreshResult }) } },
});

export const segmentMembersOp = defineOperation({
  id: "listSegmentMembers",
  method: "GET",
  path: "/segments/{id}/members",
  tag,
  role: "viewer",
  summary: "List a segment's members",
  description: "In profile id order, each with when they entered.",
  query: membersQuery.strict(),
  responses: {
    200: {
      description: "A page of members and the segment's size.",
      schema: z.object({ total: z.number().int(), members: z.array(segmentMember), nextCursor }),
    },
  },
});
