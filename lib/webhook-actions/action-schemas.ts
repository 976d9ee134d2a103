import { z } from "zod";
import { propertyFilterSchema, retryScheduleSchema } from "@/lib/streams/stream-schemas";

// A webhook action's definition, validated here at every boundary (form, API, config): what
// fires it (trigger), the request it sends (Liquid templates), how it is signed, and what of the
// answer is written back to the person. Liquid parsing and rendering live in ./liquid/.

export const ACTION_STATES = ["draft", "live", "paused"] as const;
export type ActionState = (typeof ACTION_STATES)[number];

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Liquid source larger than this is refused on save (the issue: "a template over 64 KB"). */
export const MAX_TEMPLATE_BYTES = 64 * 1024;

const EVENT_NAME = /^[^\u0000-\u001f]{1,200}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by Downstream itself on every request. */
const RESERVED_HEADER = /^(content-length|host|webhook-.*|x-downstream-.*)$/i;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const template = (label: string) =>
  z
    .string()
    .refine((v) => Buffer.byteLength(v) <= MAX_TEMPLATE_BYTES, `${label} is over 64 KB; keep templates under 64 KB`)
    .refine((v) => !v.includes("\u0000"), `${label} contains a NUL character`);

export const actionTriggerSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("segment_entered"),
    segmentId: z.string().min(1, "Choose a segment"),
  }),
  z.object({
    kind: z.literal("segment_exited"),
    segmentId: z.string().min(1, "Choose a segment"),
  }),
  z.object({
    kind: z.literal("event"),
    eventName: z.string().trim().regex(EVENT_NAME, "An event name like checkout_started"),
    /** All must hold (AND), on the event's properties. */
    filters: z.array(propertyFilterSchema).max(20).default([]),
  }),
]);
export type ActionTrigger = z.output<typeof actionTriggerSchema>;

export const actionHeaderSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(HEADER_NAME, "Not a valid header name")
    .refine((h) => !RESERVED_HEADER.test(h), "This header is set by Downstream"),
  /** A Liquid template; its rendered value may not contain a line break (checked when rendered). */
  value: template("A header value").refine((v) => !/[\r\n]/.test(v), "A header value cannot contain a line break"),
});

export const actionRequestSchema = z.object({
  method: z.enum(HTTP_METHODS).default("POST"),
  /** A Liquid template rendering to an absolute https:// URL (http only for localhost). */
  url: template("The URL").refine((v) => v.trim().length > 0, "Enter the URL the request goes to"),
  headers: z.array(actionHeaderSchema).max(50).default([]),
  /** A Liquid template; usually JSON. Ignored for GET and DELETE when empty. */
  body: template("The body").default(""),
});
export type ActionRequest = z.output<typeof actionRequestSchema>;

export const actionSigningSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("none") }),
  /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature v1,<base64 HMAC-SHA256 of id.timestamp.body>. */
  z.object({ mode: z.literal("standard") }),
  /** A header of the user's choosing carrying hex HMAC-SHA256 of the body. */
  z.object({
    mode: z.literal("header"),
    header: z
      .string()
      .trim()
      .regex(HEADER_NAME, "Not a valid header name")
      .refine((h) => !RESERVED_HEADER.test(h), "This header is set by Downstream"),
  }),
]);
export type ActionSigning = z.output<typeof actionSigningSchema>;

/** "Send and receive": on a 2xx JSON answer, `from` (a dotted path into the response body) → the person's attribute `to`. */
export const responseMappingSchema = z
  .array(
    z.object({
      from: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, "A path into the response like data.tier"),
      to: z
        .string()
        .trim()
        .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, "An attribute name like loyalty_tier"),
    }),
  )
  .max(20)
  .default([]);
export type ResponseMapping = z.output<typeof responseMappingSchema>;

/** Secrets as entered: name → value. Stored sealed; shown only as their name and last 4 characters. */
export const actionSecretsSchema = z
  .record(z.string().regex(SECRET_NAME, "A secret name like api_key (letters, digits, _)"), z.string().min(1).max(4_000))
  .refine((r) => Object.keys(r).length <= 20, "At most 20 secrets");

/** Everything a person edits; the same shape for the form, the API and a saved version. */
export const actionDefinitionSchema = z.object({
  name: z.string().trim().min(1, "Give the action a name").max(120),
  description: z.string().trim().max(2_000).optional(),
  trigger: actionTriggerSchema,
  /** Seconds after the trigger before the request goes; for segment entry it goes only if the person is still in the segment. */
  delaySeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400, "At most 30 days")
    .default(0),
  /** At most once per this many seconds per person (null: no limit). */
  frequencyLimitSeconds: z
    .number()
    .int()
    .min(60, "At least 1 minute")
    .max(365 * 86_400)
    .nullable()
    .default(null),
  /** Requests per second for this action (null: no limit). */
  ratePerSecond: z.number().int().min(1).max(10_000).nullable().default(null),
  timeoutMs: z.number().int().min(1_000).max(60_000).default(15_000),
  retrySchedule: retryScheduleSchema,
  request: actionRequestSchema,
  signing: actionSigningSchema.default({ mode: "none" }),
  responseMapping: responseMappingSchema,
});
export type ActionDefinition = z.output<typeof actionDefinitionSchema>;
export type ActionDefinitionInput = z.input<typeof actionDefinitionSchema>;
