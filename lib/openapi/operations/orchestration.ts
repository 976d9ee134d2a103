import { defineOperation } from "@/lib/api/operation";
import { conflictsQuery } from "@/lib/orchestration/find-conflicts";
import { conflicts } from "@/lib/openapi/schemas/orchestration";

// Orchestration conflicts (issue 15 item 4): the same list the sync and Monitoring pages show.

export const getConflictsOp = defineOperation({
  id: "getConflicts",
  method: "GET",
  path: "/conflicts",
  tag: "Monitoring",
  role: "viewer",
  summary: "Orchestration conflicts across syncs, or one sync's",
  description:
    "Found from the configuration and the live audiences each time: two promotional audiences on one ad account overlapping by more than 30% of either; a promotional sync with no purchase suppression rule in scope; an ad audience (Meta, Google Ads, TikTok) that admits people within 60 minutes of a cart or checkout, before owned channels had the first touch; a cart audience with no time window and no timebox.",
  query: conflictsQuery,
  responses: { 200: { description: "The conflicts, each with what to do.", schema: conflicts } },
});
