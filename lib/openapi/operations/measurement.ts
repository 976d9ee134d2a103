import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { liftOptions } from "@/lib/measurement/lift-report";
import { overlapInput, overlapItem, overlapQuery } from "@/lib/measurement/overlap";
import { overlap, overlapSample, segmentUses, syncLiftReport, tierGroupLiftReport } from "@/lib/openapi/schemas/measurement";

// Measurement (issue 15): a sync's lift against its holdout, the overlap of segments and live
// audiences with a drill-down, and what depends on a segment. The same functions serve the pages.

const tag = "Measurement";

export const syncLiftOp = defineOperation({
  id: "getSyncLift",
  method: "GET",
  path: "/syncs/{id}/lift",
  tag,
  role: "viewer",
  summary: "A sync's lift: people who got the audience against its holdout",
  description:
    "Conversion (the event), revenue per person (the property) and repeat purchase rate within the window after each person's entry (the first time the sync held them out or delivered them), with 95% intervals (Wilson/Newcombe for rates, Welch for revenue), incremental figures, a power hint and the verdict in words. Only people whose window has ended count.",
  query: liftOptions,
  responses: { 200: { description: "The report.", schema: syncLiftReport } },
});

export const tierGroupLiftOp = defineOperation({
  id: "getTierGroupLift",
  method: "GET",
  path: "/tier-groups/{id}/lift",
  tag,
  role: "viewer",
  summary: "A tier group's lift: people any of its tiers delivered against everyone they held out",
  description:
    "The sync lift report over every tier of the group at once: a person's entry is the first time any tier delivered them or held them out; someone delivered by one tier and held out by another is left out of both groups. Same figures, intervals and verdict as a sync's lift.",
  query: liftOptions,
  responses: { 200: { description: "The report.", schema: tierGroupLiftReport } },
});

export const getOverlapOp = defineOperation({
  id: "getOverlap",
  method: "GET",
  path: "/overlap",
  tag,
  role: "viewer",
  summary: "Overlap of 2-10 segments or live audiences",
  description: "Pairwise people in both, and the share of each side. A sync stands for its live audience (what the destination has).",
  query: overlapQuery,
  responses: { 200: { description: "The matrix.", schema: overlap } },
});

export const postOverlapOp = defineOperation({
  id: "computeOverlap",
  method: "POST",
  path: "/overlap",
  tag,
  role: "viewer",
  summary: "Overlap of 2-10 segments or live audiences (items in the body), or sample people in two of them",
  description:
    "`{items: [{kind, id}, ...]}` returns the matrix; `{sample: {a, b, limit}}` returns up to `limit` people in both a and b, each with their People page.",
  body: z.union([
    overlapInput,
    z.strictObject({ sample: z.strictObject({ a: overlapItem, b: overlapItem, limit: z.number().int().min(1).max(100).default(20) }) }),
  ]),
  maxBodyBytes: 16_384,
  responses: { 200: { description: "The matrix, or the sample.", schema: z.union([overlap, overlapSample]) } },
});

export const segmentUsedByOp = defineOperation({
  id: "getSegmentUsedBy",
  method: "GET",
  path: "/segments/{id}/used-by",
  tag: "Segments",
  role: "viewer",
  summary: "Every sync, suppression rule, segment and webhook action that depends on a segment",
  responses: { 200: { description: "What uses it; a segment in use cannot be deleted.", schema: segmentUses } },
});
