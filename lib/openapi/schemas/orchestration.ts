import { z } from "zod";
import { conflictKinds } from "@/lib/orchestration/find-conflicts";

// Response schema of the orchestration conflicts API (issue 15 item 4).

const ref = z.object({ id: z.string(), name: z.string(), href: z.string().describe("The console page.") });

const conflict = z
  .object({
    id: z.string().describe("Stable for the same finding: the kind and the syncs involved."),
    kind: z.enum(conflictKinds),
    severity: z.literal("warning"),
    title: z.string(),
    message: z.string().describe("What is wrong, in a marketer's words."),
    action: z.string().describe("What to do about it."),
    syncs: z.array(ref),
    segments: z.array(ref),
    overlap: z
      .object({ people: z.number().int(), shareOfFirst: z.number(), shareOfSecond: z.number() })
      .optional()
      .describe("audience_overlap only: people in both live audiences and the share of each (first and second sync)."),
  })
  .meta({ id: "OrchestrationConflict" });

export const conflicts = z
  .object({
    conflicts: z.array(conflict),
    overlapThreshold: z.number().describe("Two audiences conflict when the people in both exceed this share of either one."),
  })
  .meta({ id: "OrchestrationConflicts" });
