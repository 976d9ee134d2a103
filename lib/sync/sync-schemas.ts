import { z } from "zod";
import { isValidCron } from "@/lib/sync/schedule";

// Sync configuration inputs, shared by the wizard's server action and the REST API.

export const identifierKind = z.enum(["email", "phone", "external_id"]);

const fields = {
  name: z.string().trim().min(1, "Give the sync a name").max(120),
  identifiers: z
    .array(identifierKind)
    .min(1, "Send at least one identifier")
    .refine((a) => new Set(a).size === a.length, "List each identifier once")
    .describe("Identifiers to send, in preference order: a person needs at least one of them"),
  mode: z.enum(["mirror", "add_only"]),
  scheduleCron: z
    .string()
    .trim()
    .refine((v) => v === "" || isValidCron(v), "A five-field cron expression (UTC), e.g. 0 */6 * * *")
    .transform((v) => v || null)
    .nullable(),
  intervalMinutes: z
    .number()
    .int()
    .min(5, "At least every 5 minutes")
    .max(7 * 24 * 60, "At most weekly"),
  capDays: z.number().int().min(1).max(3650).nullable(),
  holdoutPercent: z.number().int().min(0).max(50, "Hold out at most half"),
  promotional: z.boolean(),
  remoteAudienceName: z.string().trim().min(1).max(200),
};

export const createSyncInput = z.object({
  name: fields.name,
  segmentId: z.string().min(1, "Choose a segment"),
  destinationId: z.string().min(1, "Choose a destination"),
  identifiers: fields.identifiers.default(["email"]),
  mode: fields.mode.default("mirror"),
  scheduleCron: fields.scheduleCron.default(null),
  intervalMinutes: fields.intervalMinutes.default(15),
  capDays: fields.capDays.default(null),
  holdoutPercent: fields.holdoutPercent.default(0),
  promotional: fields.promotional.default(true),
  /** The audience's name on the platform; defaults to the sync's name. Unique per destination. */
  remoteAudienceName: fields.remoteAudienceName.optional(),
  state: z.enum(["draft", "live"]).default("draft"),
  /** An admin's reason to go live with launch gates open (lib/launch/go-live.ts); a new sync always has some. */
  override: z.string().max(1000).optional().describe("Admin only: the reason to go live with launch checklist gates open"),
});
export type CreateSyncInput = z.input<typeof createSyncInput>;

/** Destination and remote audience are fixed once created: changing them would orphan an audience. */
export const updateSyncInput = z
  .object({
    name: fields.name,
    segmentId: z.string().min(1),
    identifiers: fields.identifiers,
    mode: fields.mode,
    scheduleCron: fields.scheduleCron,
    intervalMinutes: fields.intervalMinutes,
    capDays: fields.capDays,
    holdoutPercent: fields.holdoutPercent,
    promotional: fields.promotional,
  })
  .partial()
  .strict();
export type UpdateSyncInput = z.input<typeof updateSyncInput>;

export const syncStateInput = z.object({
  state: z.enum(["draft", "live", "paused"]),
  override: z.string().max(1000).nullish().describe("Admin only: the reason to go live with launch checklist gates open"),
});
