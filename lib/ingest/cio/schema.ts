import { z } from "zod";

// Customer.io Track API v1 bodies (destination-contracts.md §5.1, as customerio-node sends them).
// Byte limits are checked separately (cio/limits-check.ts) so every violation is reported.

/** Unix seconds, as Customer.io documents; refuses milliseconds and absurd dates. */
const unixSeconds = z
  .number()
  .int("must be a whole number of seconds")
  .min(0)
  .max(4_102_444_800, "must be unix seconds (not milliseconds) before 2100");

const eventId = z.union([z.string().min(1).max(255), z.number().int()]).transform(String);

export const cioEventSchema = z.object({
  name: z.string().min(1, "is required"),
  id: eventId.optional(),
  type: z.enum(["event", "page", "screen"]).optional(),
  timestamp: unixSeconds.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const cioAnonymousEventSchema = cioEventSchema.extend({
  anonymous_id: z.union([z.string(), z.number()]).transform(String).optional(),
});

/** Identify: any attributes, plus a few keys Customer.io treats specially. */
export const cioIdentifySchema = z.record(z.string(), z.unknown()).superRefine((body, ctx) => {
  if ("_update" in body && typeof body._update !== "boolean")
    ctx.addIssue({ code: "custom", path: ["_update"], message: "must be true or false" });
  if ("email" in body && body.email !== null && typeof body.email !== "string")
    ctx.addIssue({ code: "custom", path: ["email"], message: "must be a string" });
});

export type CioEvent = z.infer<typeof cioEventSchema>;
export type CioAnonymousEvent = z.infer<typeof cioAnonymousEventSchema>;

/** Keys that configure the call rather than describe the person. */
export const CIO_CONTROL_KEYS = new Set(["_update", "_timestamp", "cio_relationships", "id"]);
