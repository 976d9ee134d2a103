import type pg from "pg";
import { pool } from "@/lib/db";

// What a template can read: `customer` (the person's attributes with their identifiers on top),
// `event` (the event that fired an event trigger), `segment` and `trigger`. `secrets` is added by
// renderActionRequest from the action's secret names. Dates are ISO 8601 strings in UTC (the
// `date` filter formats them). The runtime renders thousands of triggers at once, so
// buildActionScopes loads everything for a batch with one query per table.

export type TriggerKind = "enter" | "exit" | "event";

export type CustomerScope = Record<string, unknown> & {
  /** The external id (Customer.io's `customer.id`), or null for a person known only by email or an anonymous id. */
  id: string | null;
  external_id: string | null;
  /** Downstream's own id for the person (null for a person typed into the simulator). */
  profile_id: string | null;
  /** Normalized (lowercased, trimmed) when it could be, else as received. */
  email: string | null;
  /** E.164 when it could be normalized, else as received. */
  phone: string | null;
  created_at: unknown;
  first_seen_at: string;
  last_seen_at: string;
};

export type EventScope = {
  id: string;
  name: string;
  type: string;
  properties: Record<string, unknown>;
  occurred_at: string;
  received_at: string;
  message_id: string | null;
};

export type SegmentScope = { id: string; name: string };

export type TriggerScope = { kind: TriggerKind; at: string; segment?: string; event?: string };

export type ActionScope = { customer: CustomerScope; event?: EventScope; segment?: SegmentScope; trigger: TriggerScope };

/** What to build a scope from: a trigger row's person, event and segment, and when it happened. */
export type ScopeItem = {
  /** The caller's key for the result (a trigger id). */
  key: string;
  profileId: string | bigint;
  eventId?: string | bigint | null;
  segmentId?: string | null;
  /** `at` when it happened; read from the transition or the event when not given. */
  trigger: { kind: TriggerKind; at?: Date | string | null };
  transitionId?: string | bigint | null;
};

export type BuiltScope = { scope: ActionScope; externalId: string | null };

type Q = Pick<pg.PoolClient, "query">;

export async function buildActionScope(item: Omit<ScopeItem, "key">, q: Q = pool()): Promise<ActionScope | null> {
  return (await buildActionScopes(q, [{ ...item, key: "one" }])).get("one")?.scope ?? null;
}

const str = (v: string | bigint | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Scopes by key; a key is missing when its person no longer exists. One query per table for the whole batch. */
export async function buildActionScopes(q: Q, items: ScopeItem[]): Promise<Map<string, BuiltScope>> {
  const out = new Map<string, BuiltScope>();
  if (!items.length) return out;
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  const profileIds = uniq(items.map((r) => str(r.profileId)));
  const eventIds = uniq(items.map((r) => str(r.eventId)));
  const segmentIds = uniq(items.map((r) => r.segmentId ?? null));
  const transitionIds = uniq(items.filter((r) => !r.trigger.at).map((r) => str(r.transitionId)));
  // One after another: `q` may be a transaction's client, which runs one query at a time anyway.
  const profiles = await q.query(
    `SELECT id::text, external_id, email, email_raw, phone, phone_raw, attributes, created_at, first_seen_at, last_seen_at
       FROM profiles WHERE id = ANY($1::bigint[])`,
    [profileIds],
  );
  const none = { rows: [] };
  const events = eventIds.length
    ? await q.query(
        `SELECT id::text, name, type, properties, occurred_at, received_at, message_id FROM events WHERE id = ANY($1::bigint[])`,
        [eventIds],
      )
    : none;
  const segments = segmentIds.length ? await q.query(`SELECT id, name FROM segments WHERE id = ANY($1::text[])`, [segmentIds]) : none;
  const transitions = transitionIds.length
    ? await q.query(`SELECT id::text, at FROM segment_transitions WHERE id = ANY($1::bigint[])`, [transitionIds])
    : none;
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const p = byId(profiles.rows as ProfileRow[]);
  const e = byId(events.rows as EventRow[]);
  const s = byId(segments.rows as SegmentScope[]);
  const t = byId(transitions.rows as { id: string; at: Date }[]);
  for (const r of items) {
    const profile = p.get(String(r.profileId));
    if (!profile) continue;
    const event = r.eventId ? e.get(String(r.eventId)) : undefined;
    const segment = r.segmentId ? s.get(r.segmentId) : undefined;
    const at = r.trigger.at ?? (r.transitionId ? t.get(String(r.transitionId))?.at : undefined) ?? event?.occurred_at ?? new Date();
    const scope: ActionScope = {
      customer: customerScope(profile),
      trigger: {
        kind: r.trigger.kind,
        at: iso(at),
        ...(segment ? { segment: segment.name } : {}),
        ...(event ? { event: event.name } : {}),
      },
    };
    if (event) scope.event = eventScope(event);
    if (segment) scope.segment = { id: segment.id, name: segment.name };
    out.set(r.key, { scope, externalId: profile.external_id });
  }
  return out;
}

type ProfileRow = {
  id: string;
  external_id: string | null;
  email: string | null;
  email_raw: string | null;
  phone: string | null;
  phone_raw: string | null;
  attributes: unknown;
  created_at: Date;
  first_seen_at: Date;
  last_seen_at: Date;
};

type EventRow = {
  id: string;
  name: string;
  type: string;
  properties: unknown;
  occurred_at: Date;
  received_at: Date;
  message_id: string | null;
};

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const plainObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Attributes first, identifiers over them (they are what Downstream knows the person by); an attribute `created_at` (Customer.io sends one) wins over the record's. */
export function customerScope(row: ProfileRow): CustomerScope {
  const attributes = plainObject(row.attributes);
  return {
    ...attributes,
    id: row.external_id,
    external_id: row.external_id,
    profile_id: row.id,
    email: row.email ?? row.email_raw,
    phone: row.phone ?? row.phone_raw,
    created_at: attributes.created_at ?? iso(row.created_at),
    first_seen_at: iso(row.first_seen_at),
    last_seen_at: iso(row.last_seen_at),
  };
}

export function eventScope(row: EventRow): EventScope {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    properties: plainObject(row.properties),
    occurred_at: iso(row.occurred_at),
    received_at: iso(row.received_at),
    message_id: row.message_id,
  };
}
