import { z } from "zod";

// What a person or API client sends to create or change a segment. The definition is
// checked separately (lib/segments/validate.ts) so a bad one gets a 400 naming its path.
export const segmentFields = z.object({
  name: z.string().trim().min(1, "Give the segment a name").max(120).meta({ label: "Segment name" }),
  description: z.string().trim().max(500).meta({ label: "Note for your team" }).nullish(),
  // A day at most: slower than that and "refreshes every N minutes" stops being a promise.
  refreshIntervalMinutes: z.number().int().min(1).max(1440).meta({ label: "Refresh interval (minutes)" }).optional(),
  definition: z.unknown(),
});

export const createSegmentInput = segmentFields.extend({
  definition: z.unknown().refine((v) => v !== undefined, "definition is required"),
});
export const updateSegmentInput = segmentFields.partial().extend({
  /** Save even though the change removes more than the workspace's share of a live audience, or empties one (lib/launch). */
  confirmRisk: z.boolean().optional().meta({ label: "Confirm the audience change" }),
});

export type CreateSegmentInput = z.infer<typeof createSegmentInput>;
export type UpdateSegmentInput = z.infer<typeof updateSegmentInput>;
