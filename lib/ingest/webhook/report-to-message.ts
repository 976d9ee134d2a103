import { z } from "zod";
import type { IngestMessage } from "@/lib/ingest/message";

// A Customer.io reporting-webhook event (destination-contracts.md §4.2) -> an engagement event
// on the person it names. Stored as name "<object_type>_<metric>" (email_clicked, sms_sent, ...),
// the names the rest of Downstream uses, with the message's campaign / action / journey /
// broadcast / delivery / variation context in properties.

const id = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

export const cioReportSchema = z.object({
  event_id: z.string().min(1).max(255),
  object_type: z.string().regex(/^[a-z_]{1,40}$/, "must be a Customer.io object type like email or sms"),
  metric: z.string().regex(/^[a-z_]{1,60}$/, "must be a Customer.io metric like delivered or clicked"),
  timestamp: z.number().int().min(0).max(4_102_444_800),
  data: z
    .object({
      identifiers: z.object({ id: id.nullish(), email: z.string().nullish(), cio_id: z.string().nullish() }).partial().nullish(),
      customer_id: id.nullish(),
      email_address: z.string().nullish(),
    })
    .passthrough()
    .default({}),
});

export type CioReport = z.infer<typeof cioReportSchema>;

// "Body Content" adds the whole rendered message; it is not engagement context and can be huge.
const DROPPED = new Set(["content", "headers"]);

export function reportToMessage(report: CioReport): IngestMessage {
  const { identifiers, customer_id, email_address, ...rest } = report.data;
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (!DROPPED.has(key)) context[key] = value;
  if (Object.keys(rest).some((k) => DROPPED.has(k))) context.content_omitted = true;

  const externalId = identifiers?.id || customer_id || null;
  const email = identifiers?.email || email_address || undefined;
  const unsubscribe =
    report.metric === "unsubscribed" ? true : report.object_type === "customer" && report.metric === "subscribed" ? false : undefined;
  return {
    externalId,
    anonymousId: null,
    email,
    traits: unsubscribe === undefined ? undefined : { unsubscribed: unsubscribe },
    event: {
      type: "engagement",
      name: `${report.object_type}_${report.metric}`,
      properties: {
        object_type: report.object_type,
        metric: report.metric,
        ...context,
        // Newsletter variants arrive as content_id; the console calls that the variation.
        ...(context.content_id !== undefined && context.variation === undefined ? { variation: context.content_id } : {}),
        identifiers: identifiers ?? { id: customer_id ?? null, email: email_address ?? null },
      },
      messageId: `cio-webhook:${report.event_id}`,
      occurredAt: new Date(report.timestamp * 1000),
    },
  };
}
