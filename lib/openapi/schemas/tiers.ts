import { z } from "zod";
import { timestamp } from "@/lib/openapi/schemas/common";

// Response schema of the intent tier groups API (issue 15 item 5).

const tier = z.object({
  rank: z.number().int().describe("1 is the lowest intent; a person goes only to the highest tier they qualify for."),
  syncId: z.string(),
  syncName: z.string(),
  syncState: z.enum(["draft", "live", "paused"]),
  segmentId: z.string(),
  segmentName: z.string(),
  destinationId: z.string(),
  destinationName: z.string(),
  destinationKind: z.string(),
  audienceSize: z.number().int().describe("People the destination has now, as delivered."),
});

export const tierGroup = z
  .object({ id: z.string(), name: z.string(), createdAt: timestamp, tiers: z.array(tier).describe("Lowest intent first.") })
  .meta({ id: "TierGroup" });
