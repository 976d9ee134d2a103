import type { PoolClient } from "pg";
import { transactionOn } from "@/lib/db";
import { fenceEventInsert } from "@/lib/ingest/write/event-fence";
import { LOCKED } from "@/lib/ingest/write/profile-sql";

// Aliases (anonymous id -> person) and events, written set-based like profiles.

export type AliasLink = { anonymous_id: string; profile_id: string };

const LINK_ALIASES = `
WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(anonymous_id text, profile_id bigint)),
ins AS (
  INSERT INTO profile_aliases (anonymous_id, profile_id, source_id)
  SELECT anonymous_id, profile_id, $2 FROM input ORDER BY anonymous_id
  ON CONFLICT (anonymous_id) DO NOTHING
  RETURNING anonymous_id, profile_id
),
-- The person's list of anonymous ids, for display; profile_aliases is what lookups use.
-- Locked in profile id order first, like every write of several people (profile-sql.ts).
${LOCKED("p.id IN (SELECT profile_id FROM ins)")},
listed AS (
  UPDATE profiles p SET anonymous_ids = p.anonymous_ids || l.ids
    FROM (SELECT profile_id, array_agg(anonymous_id ORDER BY anonymous_id) AS ids FROM ins GROUP BY profile_id) l, locked k
   WHERE p.id = l.profile_id AND p.id = k.id AND cardinality(p.anonymous_ids) < 100
  RETURNING p.id
),
-- Events that arrived with only this anonymous id now belong to the person.
backfilled AS (
  UPDATE events e SET profile_id = ins.profile_id FROM ins
   WHERE e.anonymous_id = ins.anonymous_id AND e.profile_id IS NULL
  RETURNING e.id
)
SELECT (SELECT json_agg(json_build_object('anonymous_id', anonymous_id, 'profile_id', profile_id::text)) FROM ins) AS links,
       (SELECT count(*) FROM backfilled)::int AS backfilled`;

/**
 * Links anonymous ids to people. The first person an anonymous id is seen with keeps it
 * (ON CONFLICT DO NOTHING); returns the links that are new and how many events they adopted.
 */
export async function linkAliases(client: PoolClient, links: AliasLink[], sourceId: string | null) {
  if (!links.length) return { created: [] as AliasLink[], backfilled: 0 };
  const { rows } = await client.query<{ links: AliasLink[] | null; backfilled: number }>(LINK_ALIASES, [JSON.stringify(links), sourceId]);
  return { created: rows[0]?.links ?? [], backfilled: rows[0]?.backfilled ?? 0 };
}

export type EventRow = {
  profile_id: string | null;
  anonymous_id: string | null;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  message_id: string | null;
  occurred_at: string;
};

// ORDER BY message_id: concurrent batches carrying the same ids (a client retrying while its
// first attempt is still running) wait on each other in the same order instead of deadlocking.
// Nothing here maintains the segments' rollup (profile_event_last): readers fold it in from the
// events themselves (lib/segments/sql/rollup-catch-up.ts, migration 20261202190000_rollup_from_events).
// `gone`: people of the batch deleted since it resolved them. events.profile_id has no foreign
// key (migration 20261201222500_events_deletion_fence: its per-event check and row lock were
// the largest cost after the insert itself); this one read per person, made while the
// event-insert fence is held (event-fence.ts), is what stands in for it. Nothing is inserted when any is gone.
// A scalar subquery, not NOT EXISTS: the planner turns NOT EXISTS into an anti join and, with
// tens of thousands of people, hashes all of profiles (3.9 ms a batch) where 500 index probes do.
export const INSERT_EVENTS_SQL = `
WITH gone AS MATERIALIZED (
  SELECT count(*)::int AS n FROM unnest($4::bigint[]) AS k(id) WHERE (SELECT true FROM profiles p WHERE p.id = k.id) IS NULL
),
ins AS (
  INSERT INTO events (profile_id, anonymous_id, source_id, type, name, properties, message_id, occurred_at, received_at)
  SELECT i.profile_id, i.anonymous_id, $2, i.type, i.name, COALESCE(i.properties, '{}'), i.message_id, i.occurred_at, $3
    FROM gone,
         json_to_recordset($1::json) AS i(profile_id bigint, anonymous_id text, type text, name text, properties jsonb, message_id text, occurred_at timestamp(3))
   WHERE gone.n = 0
   ORDER BY i.message_id
  ON CONFLICT (message_id) DO NOTHING
  RETURNING 1
)
SELECT (SELECT n FROM gone) AS gone, (SELECT count(*) FROM ins)::int AS stored`;

export const eventsParams = (events: EventRow[], sourceId: string | null, receivedAt: Date) => [
  JSON.stringify(events),
  sourceId,
  receivedAt.toISOString(),
  [...new Set(events.map((e) => e.profile_id).filter((id): id is string => id !== null))],
];

/**
 * Inserts events, skipping message ids already stored; returns how many were new.
 *
 * In one transaction that first holds the event-insert fence shared (the lock deleting
 * people takes exclusively, event-fence.ts), so no event can outlive its person: a deletion committed before the fence was granted is seen by the insert's
 * snapshot (the batch then fails as a foreign-key violation did, 23503, and withRetry runs it
 * again from its lookup); a deletion that starts later waits for this commit, and its
 * trigger then deletes these events with the person.
 */
export async function insertEvents(client: PoolClient, events: EventRow[], sourceId: string | null, receivedAt: Date): Promise<number> {
  if (!events.length) return 0;
  return transactionOn(client, async () => {
    await fenceEventInsert(client);
    const { rows } = await client.query<{ gone: number; stored: number }>(INSERT_EVENTS_SQL, eventsParams(events, sourceId, receivedAt));
    if (rows[0]!.gone > 0)
      throw Object.assign(new Error(`${rows[0]!.gone} person(s) of this batch were deleted while it was being written`), { code: "23503" });
    return rows[0]!.stored;
  });
}
