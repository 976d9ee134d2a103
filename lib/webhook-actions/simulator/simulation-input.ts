import { z } from "zod";

// Who and what a simulation (or a test send) renders for: a real person by id, a random member of
// the trigger's segment (or someone who recently did the trigger's event), or nobody but
// hand-typed attributes; optionally attributes typed over the chosen person's, and the event.

const profileId = z.string().regex(/^\d{1,19}$/, "A person's id (digits), as people search returns it");
const jsonObject = (label: string) =>
  z
    .record(z.string().min(1).max(100), z.unknown())
    .refine((v) => JSON.stringify(v).length <= 64 * 1024, `${label} are over 64 KB`)
    .refine((v) => Object.keys(v).length <= 200, `At most 200 ${label.toLowerCase()}`);

export const personChoiceSchema = z.object({
  /** "random_member" (the default), a person's id, or "none" for attributes only. */
  person: z.union([z.literal("random_member"), z.literal("none"), z.object({ profileId })]).default("random_member"),
  /** Typed over the person's own attributes (or the whole person, with "none"). */
  attributes: jsonObject("Attributes").optional(),
  /** For event triggers: the event to render with; default the person's latest matching one. */
  eventId: profileId.optional(),
  /** For event triggers: typed event properties (over the chosen event's, or a made-up event). */
  eventProperties: jsonObject("Event properties").optional(),
});
export type PersonChoice = z.input<typeof personChoiceSchema>;
export type ParsedPersonChoice = z.output<typeof personChoiceSchema>;
