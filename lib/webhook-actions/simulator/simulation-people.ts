import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { pool } from "@/lib/db";
import { searchPeople } from "@/lib/people/search-people";
import type { ActionTrigger } from "@/lib/webhook-actions/action-schemas";
import { loadSimulatedDefinition, type SimulateTarget } from "@/lib/webhook-actions/simulator/simulate-action";
import { recentTriggerEvents, type RecentEvent } from "@/lib/webhook-actions/simulator/simulation-scope";

// The simulator's pickers: people by email, phone or id (the people search, lib/people), each
// marked with whether the trigger's segment holds them, and the latest events matching an
// event trigger (of one person, or of anyone).

export type SimulationPerson = {
  profileId: string;
  label: string;
  email: string | null;
  externalId: string | null;
  inSegment: boolean | null;
};

export async function searchSimulationPeople(
  actor: Actor,
  target: SimulateTarget,
  search: string,
  limit = 10,
): Promise<SimulationPerson[]> {
  requireRole(actor, "viewer");
  const { definition } = await loadSimulatedDefinition(target);
  const { people } = await searchPeople({ search: search.trim() || undefined, limit });
  const members = await segmentMembers(
    definition.trigger,
    people.map((p) => p.id),
  );
  return people.map((p) => ({
    profileId: p.id,
    label: p.externalId ?? p.email ?? p.emailRaw ?? `Person ${p.id}`,
    email: p.email ?? p.emailRaw,
    externalId: p.externalId,
    inSegment: members ? members.has(p.id) : null,
  }));
}

async function segmentMembers(trigger: ActionTrigger, ids: string[]): Promise<Set<string> | null> {
  if (trigger.kind === "event") return null;
  if (!ids.length) return new Set();
  const { rows } = await pool().query<{ id: string }>(
    `SELECT profile_id::text AS id FROM segment_memberships WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])`,
    [trigger.segmentId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Newest first; empty for segment triggers. */
export async function recentSimulationEvents(
  actor: Actor,
  target: SimulateTarget,
  opts: { profileId?: string; limit?: number } = {},
): Promise<RecentEvent[]> {
  requireRole(actor, "viewer");
  const { definition } = await loadSimulatedDefinition(target);
  return recentTriggerEvents(definition.trigger, { profileId: opts.profileId, limit: opts.limit ?? 20 });
}
