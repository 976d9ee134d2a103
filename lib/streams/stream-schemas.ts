import { z } from "zod";

// An event stream's definition: which events (selector) and where (a webhook endpoint or a
// warehouse table). Validated here at every boundary (form, API, config); the fan-out
// (fanout.ts) compiles the selector to SQL.

/** Engagement metrics a marketer picks; they match `<channel>_<metric>` event names (Customer.io reporting webhooks, the demo). */
export const ENGAGEMENT_METRICS = ["sent", "delivered", "opened", "clicked", "unsubscribed", "bounced", "converted"] as const;
export const CHANNELS = ["email", "sms", "push", "in_app", "whatsapp", "webhook", "slack"] as const;

const EVENT_NAME = /^[^\u0000-\u001f]{1,200}$/;

export const propertyFilterSchema = z.object({
  property: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, "A property name like campaign_id or items.0.sku")
    .max(200),
  op: z.enum(["equals", "not_equals", "exists", "not_exists", "contains", "in"]),
  value: z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(500)).max(100)]).optional(),
});

export const streamSelectorSchema = z
  .object({
    /** Engagement metrics on the chosen channels (none = every channel). */
    metrics: z.array(z.enum(ENGAGEMENT_METRICS)).max(ENGAGEMENT_METRICS.length).default([]),
    channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
    /** Exact event names, e.g. order_completed. */
    names: z.array(z.string().regex(EVENT_NAME, "An event name")).max(100).default([]),
    /** Name patterns with * as a wildcard, e.g. checkout_* . */
    patterns: z
      .array(
        z
          .string()
          .regex(/^[^\u0000-\u001f]{1,200}$/, "A pattern")
          .refine((p) => p.includes("*"), "A pattern needs a * (for one exact name, add it to event names)")
          .refine((p) => p.replaceAll("*", "").length >= 2, "A pattern needs at least 2 characters besides *"),
      )
      .max(20)
      .default([]),
    /** All must hold (AND), on the event's properties. */
    filters: z.array(propertyFilterSchema).max(20).default([]),
  })
  .refine((s) => s.metrics.length + s.names.length + s.patterns.length > 0, {
    message: "Choose at least one engagement metric, event name or pattern",
    path: ["metrics"],
  });
export type StreamSelector = z.output<typeof streamSelectorSchema>;

/** Seconds after the first attempt fails: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day). */
export const DEFAULT_RETRY_SCHEDULE = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
const SEVEN_DAYS = 7 * 86_400;

export const retryScheduleSchema = z
  .array(z.number().int().min(0).max(SEVEN_DAYS))
  .min(1, "At least one retry")
  .max(30, "At most 30 retries")
  .refine((s) => s.reduce((a, b) => a + b, 0) <= SEVEN_DAYS, "Retries may span at most 7 days in total")
  .default(DEFAULT_RETRY_SCHEDULE);

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const RESERVED_HEADER = /^(content-type|content-length|host|user-agent|webhook-.*|x-cio-.*|x-downstream-.*)$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const webhookStreamSettingsSchema = z.object({
  url: z
    .string()
    .trim()
    .url("Enter the full URL, e.g. https://hooks.example.com/events")
    .refine((v) => {
      const u = URL.canParse(v) ? new URL(v) : null;
      return !u || u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname));
    }, "Use an https:// URL (plain http is allowed only for localhost)")
    .meta({ label: "Endpoint URL" }),
  headers: z
    .record(
      z
        .string()
        .regex(HEADER_NAME, "Not a valid header name")
        .refine((h) => !RESERVED_HEADER.test(h), "This header is set by Downstream"),
      z.string().max(2000),
    )
    .default({}),
  batchSize: z.number().int().min(1).max(1_000).meta({ label: "Events per request" }).default(500),
  maxWaitMs: z.number().int().min(0).max(60_000).default(5_000),
  timeoutMs: z.number().int().min(1_000).max(60_000).default(15_000),
  /** standard: Standard Webhooks headers. customerio: X-CIO-Timestamp / X-CIO-Signature as Customer.io's reporting webhooks sign. */
  signatureMode: z.enum(["standard", "customerio"]).default("standard"),
  retrySchedule: retryScheduleSchema,
});

export const warehouseStreamSettingsSchema = z.object({
  schema: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,47}$/, "Lowercase letters, digits and _, starting with a letter")
    .default("downstream"),
  table: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,47}$/, "Lowercase letters, digits and _, starting with a letter")
    .default("engagement_events"),
  batchSize: z.number().int().min(1).max(10_000).meta({ label: "Rows per write" }).default(1_000),
  maxWaitMs: z.number().int().min(0).max(60_000).default(5_000),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  retrySchedule: retryScheduleSchema,
});

/** A signing secret in Standard Webhooks form: whsec_ + base64 of 24-64 random bytes. */
export const signingSecretSchema = z.string().regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, "A secret like whsec_ followed by base64");

export const webhookStreamCredentialsSchema = z.object({
  /** Current first. During a rotation the previous one stays until `expiresAt`, and both sign. */
  signingSecrets: z
    .array(z.object({ secret: signingSecretSchema, createdAt: z.string(), expiresAt: z.string().nullable().default(null) }))
    .min(1),
  authorization: z.string().max(2000).optional(),
});

export const warehouseStreamCredentialsSchema = z.object({
  connectionString: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "A postgres:// connection string"),
});

export type WebhookStreamSettings = z.output<typeof webhookStreamSettingsSchema>;
export type WarehouseStreamSettings = z.output<typeof warehouseStreamSettingsSchema>;
export type WebhookStreamCredentials = z.output<typeof webhookStreamCredentialsSchema>;
export type WarehouseStreamCredentials = z.output<typeof warehouseStreamCredentialsSchema>;
export type StreamDestinationKind = "webhook" | "warehouse";
