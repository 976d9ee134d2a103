import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { selectorSql } from "@/lib/streams/selector-sql";
import type { ActionTrigger } from "@/lib/webhook-actions/action-schemas";
import { buildActionScope, type ActionScope, type CustomerScope, type TriggerKind } from "@/lib/webhook-actions/liquid/build-scope";
import type { ParsedPersonChoice } from "@/lib/webhook-actions/simulator/simulation-input";

// The scope a simulation renders with, from the person choice: the same scope the runtime would
// build for that person (liquid/build-scope.ts), with typed attributes and event properties laid
// over it. Also who and what was chosen, in words for the panel.

export type SimulatedPerson = {
  profileId: string | null;
  /** External id, else email, else "Person 123"; "Typed attributes" for nobody. */
  label: string;
  externalId: string | null;
  email: string | null;
  how: "chosen" | "random_member" | "typed";
};
export type SimulatedEvent = { id: string | null; name: string; occurredAt: string; typed: boolean };

export type SimulationScope =
  { ok: true; scope: ActionScope; person: SimulatedPerson; event: SimulatedEvent | null; notes: string[] } | { ok: false; message: string };

export const triggerKindOf = (t: ActionTrigger): TriggerKind =>
  t.kind === "event" ? "event" : t.kind === "segment_entered" ? "enter" : "exit";

export async function simulationScope(trigger: ActionTrigger, choice: ParsedPersonChoice): Promise<SimulationScope> {
  const kind = triggerKindOf(trigger);
  const segmentId = trigger.kind === "event" ? null : trigger.segmentId;
  const notes: string[] = [];
  let profileId: string | null = null;
  let eventId: string | null = choice.eventId ?? null;
  let how: SimulatedPerson["how"] = "typed";
  if (typeof choice.person === "object") {
    profileId = choice.person.profileId;
    how = "chosen";
  } else if (choice.person === "random_member") {
    const picked = await randomTriggerPerson(trigger);
    if (!picked)
      return {
        ok: false,
        message:
          trigger.kind === "event"
            ? `No one has done ${trigger.eventName} recently (with this action's filters). Pick a person or type attributes.`
            : `No one is in the segment yet. Pick a person or type attributes.`,
      };
    profileId = picked.profileId;
    eventId ??= picked.eventId;
    how = "random_member";
  }
  if (profileId && trigger.kind === "event" && !eventId) {
    eventId = (await recentTriggerEvents(trigger, { profileId, limit: 1 }))[0]?.id ?? null;
    if (!eventId && !choice.eventProperties)
      notes.push(`This person has not done ${trigger.eventName} recently, so event values render as empty.`);
  }

  let scope: ActionScope | null;
  if (profileId) {
    scope = await buildActionScope({ profileId, eventId, segmentId, trigger: { kind, at: null } });
    if (!scope) throw new AppError("not_found", "No such person.");
  } else {
    scope = await typedScope(kind, segmentId, eventId);
  }
  if (eventId && !scope.event) throw new AppError("not_found", "No such event.");
  if (choice.attributes) scope.customer = { ...scope.customer, ...choice.attributes } as CustomerScope;
  if (trigger.kind === "event" && choice.eventProperties) {
    const base = scope.event ?? {
      id: "",
      name: trigger.eventName,
      type: "track",
      properties: {},
      occurred_at: scope.trigger.at,
      received_at: scope.trigger.at,
      message_id: null,
    };
    scope.event = { ...base, properties: { ...base.properties, ...choice.eventProperties } };
    scope.trigger = { ...scope.trigger, event: base.name };
  }
  if (trigger.kind !== "event" && !scope.segment) notes.push("The trigger's segment no longer exists, so segment values render as empty.");

  const c = scope.customer;
  const person: SimulatedPerson = {
    profileId,
    label: profileId ? String(c.external_id ?? c.email ?? `Person ${profileId}`) : "Typed attributes",
    externalId: profileId ? c.external_id : null,
    email: typeof c.email === "string" ? c.email : null,
    how,
  };
  const event: SimulatedEvent | null = scope.event
    ? {
        id: scope.event.id || null,
        name: scope.event.name,
        occurredAt: scope.event.occurred_at,
        typed: !scope.event.id || !!choice.eventProperties,
      }
    : null;
  return { ok: true, scope, person, event, notes };
}

/** A made-up person: only what was typed (identifiers included, if typed), and the trigger's segment. */
async function typedScope(kind: TriggerKind, segmentId: string | null, eventId: string | null): Promise<ActionScope> {
  const now = new Date().toISOString();
  const scope: ActionScope = {
    customer: {
      id: null,
      external_id: null,
      profile_id: null,
      email: null,
      phone: null,
      created_at: null,
      first_seen_at: now,
      last_seen_at: now,
    },
    trigger: { kind, at: now },
  };
  if (segmentId) {
    const { rows } = await pool().query<{ id: string; name: string }>(`SELECT id, name FROM segments WHERE id = $1`, [segmentId]);
    if (rows[0]) {
      scope.segment = rows[0];
      scope.trigger.segment = rows[0].name;
    }
  }
  if (eventId) {
    const { rows } = await pool().query(`SELECT profile_id::text FROM events WHERE id = $1`, [eventId]);
    if (!rows[0]) throw new AppError("not_found", "No such event.");
    // The event's own scope, without its person: built the same way as for a real trigger.
    const withEvent = await buildActionScope({ profileId: rows[0].profile_id ?? "0", eventId, trigger: { kind, at: null } });
    if (withEvent?.event) {
      scope.event = withEvent.event;
      scope.trigger = { ...scope.trigger, at: withEvent.trigger.at, event: withEvent.event.name };
    }
  }
  return scope;
}

/**
 * Someone the trigger could fire for: a random member of the segment (a random point in the
 * member ids and the next member from there: two index lookups, whatever the segment's size), or
 * one of the last 25 people to do the event.
 */
export async function randomTriggerPerson(trigger: ActionTrigger): Promise<{ profileId: string; eventId: string | null } | null> {
  if (trigger.kind === "event") {
    const events = await recentTriggerEvents(trigger, { limit: 25 });
    const pick = events[Math.floor(Math.random() * events.length)];
    return pick ? { profileId: pick.profileId, eventId: pick.id } : null;
  }
  const { rows } = await pool().query<{ lo: string | null; hi: string | null }>(
    `SELECT min(profile_id)::text AS lo, max(profile_id)::text AS hi FROM segment_memberships WHERE segment_id = $1`,
    [trigger.segmentId],
  );
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  if (!lo || !hi) return null;
  const at = BigInt(lo) + BigInt(Math.floor(Math.random() * Number(BigInt(hi) - BigInt(lo) + 1n)));
  const next = await pool().query<{ id: string }>(
    `SELECT profile_id::text AS id FROM segment_memberships WHERE segment_id = $1 AND profile_id >= $2 ORDER BY profile_id LIMIT 1`,
    [trigger.segmentId, at.toString()],
  );
  return next.rows[0] ? { profileId: next.rows[0].id, eventId: null } : null;
}

export type RecentEvent = {
  id: string;
  profileId: string;
  personLabel: string;
  name: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
};

/** The latest events matching an event trigger (name and property filters), optionally of one person. */
export async function recentTriggerEvents(
  trigger: ActionTrigger,
  opts: { profileId?: string; limit?: number } = {},
): Promise<RecentEvent[]> {
  if (trigger.kind !== "event") return [];
  const params: unknown[] = [];
  const matches = selectorSql({ metrics: [], channels: [], names: [trigger.eventName], patterns: [], filters: trigger.filters }, params);
  const person = opts.profileId ? `AND e.profile_id = $${params.push(opts.profileId)}` : "";
  const { rows } = await pool().query<RecentEvent>(
    `SELECT e.id::text, e.profile_id::text AS "profileId", COALESCE(p.external_id, p.email, 'Person ' || p.id) AS "personLabel",
            e.name, e.occurred_at AS "occurredAt", e.properties
       FROM events e JOIN profiles p ON p.id = e.profile_id
      WHERE ${matches} ${person}
      ORDER BY e.occurred_at DESC LIMIT $${params.push(Math.min(opts.limit ?? 20, 100))}`,
    params,
  );
  return rows;
}
