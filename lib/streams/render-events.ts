import { pool } from "@/lib/db";
import type { ForwardedEvent } from "@/lib/streams/forwarded-event";
import { CHANNELS } from "@/lib/streams/stream-schemas";

// Builds the documented forwarded shape (forwarded-event.ts) for a batch of stored events, in the
// batch's order. Campaign context is read from the event's properties under the names Customer.io's
// reporting webhooks and common tracking plans use; `sent_at`, when the event lacks it, is the time
// of the same message's `<channel>_sent` event for the same person.

const RENDER = `
SELECT d.ord, e.id::text, e.name, e.occurred_at, e.received_at, e.anonymous_id, e.properties,
       p.external_id, p.email, p.phone, p.email_sha256, p.phone_sha256, sent.occurred_at AS joined_sent_at
  FROM unnest($1::bigint[]) WITH ORDINALITY AS d(event_id, ord)
  JOIN events e ON e.id = d.event_id
  LEFT JOIN profiles p ON p.id = e.profile_id
  LEFT JOIN LATERAL (
    SELECT s.occurred_at FROM events s
     WHERE s.profile_id = e.profile_id
       AND s.name = COALESCE(e.properties->>'object_type', split_part(e.name, '_', 1)) || '_sent'
       AND COALESCE(s.properties->>'message_id', s.properties->>'delivery_id') = COALESCE(e.properties->>'message_id', e.properties->>'delivery_id')
     ORDER BY s.occurred_at LIMIT 1
  ) sent ON e.profile_id IS NOT NULL AND e.properties->'sent_at' IS NULL
        AND COALESCE(e.properties->>'message_id', e.properties->>'delivery_id') IS NOT NULL
 ORDER BY d.ord`;

type Row = {
  id: string;
  name: string;
  occurred_at: Date;
  received_at: Date;
  anonymous_id: string | null;
  properties: Record<string, unknown>;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  email_sha256: string | null;
  phone_sha256: string | null;
  joined_sent_at: Date | null;
};

const CHANNEL_SET = new Set<string>(CHANNELS);

/** A property as text, whatever JSON type it arrived as (ids are integers from Customer.io, strings elsewhere). */
function text(props: Record<string, unknown>, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
  }
  return null;
}

/** A timestamp property (ISO text or unix seconds/ms) as ISO 8601 UTC, or null when it is not one. */
function timestamp(v: unknown): string | null {
  const d = typeof v === "number" ? new Date(v < 1e11 ? v * 1000 : v) : typeof v === "string" && v ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

function channelOf(name: string, props: Record<string, unknown>): string | null {
  const explicit = text(props, "channel", "object_type");
  if (explicit) return explicit;
  const prefix = name.split("_")[0]!;
  return CHANNEL_SET.has(prefix) ? prefix : null;
}

export function toForwardedEvent(r: Row): ForwardedEvent {
  const props = r.properties ?? {};
  const identifiers = (props.identifiers ?? {}) as Record<string, unknown>;
  return {
    id: `evt_${r.id}`,
    name: r.name,
    occurred_at: r.occurred_at.toISOString(),
    received_at: r.received_at.toISOString(),
    person: {
      external_id: r.external_id ?? text(identifiers, "id"),
      anonymous_id: r.anonymous_id,
      email: r.email,
      phone: r.phone,
      email_sha256: r.email_sha256,
      phone_sha256: r.phone_sha256,
    },
    campaign_id: text(props, "campaign_id"),
    message_id: text(props, "message_id", "delivery_id"),
    journey_id: text(props, "journey_id", "workflow_id", "broadcast_id"),
    action_id: text(props, "action_id"),
    variation: text(props, "variation", "variant", "variant_id", "content_id"),
    sent_at: timestamp(props.sent_at) ?? (r.joined_sent_at ? r.joined_sent_at.toISOString() : null),
    channel: channelOf(r.name, props),
    link: text(props, "href", "link", "url"),
    reason: text(props, "reason", "failure_message", "bounce_reason", "unsubscribe_reason"),
    properties: props,
  };
}

/** The events, in the order given; events deleted since (a person erased) are left out. */
export async function renderEvents(eventIds: string[]): Promise<ForwardedEvent[]> {
  if (!eventIds.length) return [];
  const { rows } = await pool().query<Row>(RENDER, [eventIds]);
  return rows.map(toForwardedEvent);
}
