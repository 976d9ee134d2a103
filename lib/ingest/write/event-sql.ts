import type { PoolClient } from "pg";
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
// events.profile_id has no foreign key (migration 20261201222500_events_deletion_fence): the
// batch runs inside the event fence (event-fence.ts), so every person it resolved still exists.
export const INSERT_EVENTS_SQL = `
WITH ins AS (
  INSERT INTO events (profile_id, anonymous_id, source_id, type, name, properties, message_id, occurred_at, received_at)
  SELECT i.profile_id, i.anonymous_id, $2, i.type, i.name, COALESCE(i.properties, '{}'), i.message_id, i.occurred_at, $3
    FROM json_to_recordset($1::json) AS i(profile_id bigint, anonymous_id text, type text, name text, properties jsonb, message_id text, occurred_at timestamp(3))
   ORDER BY i.message_id
  ON CONFLICT (message_id) DO NOTHING
  RETURNING 1
)
SELECT count(*)::int AS stored FROM ins`;

export const eventsParams = (events: EventRow[], sourceId: string | null, receivedAt: Date) => [
  JSON.stringify(events),
  sourceId,
  receivedAt.toISOString(),
];

/** Inserts events, skipping message ids already stored; returns how many were new. Called inside the batch's event fence. */
export async function insertEvents(client: PoolClient, events: EventRow[], sourceId: string | null, receivedAt: Date): Promise<number> {
  if (!events.length) return 0;
  const { rows } = await client.query<{ stored: number }>(INSERT_EVENTS_SQL, eventsParams(events, sourceId, receivedAt));
  return rows[0]!.stored;
}
