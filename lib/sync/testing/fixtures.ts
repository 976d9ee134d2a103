import { db, pool } from "@/lib/db";
import { sealCredentials } from "@/lib/destinations/destination-credentials";
import type { DestinationKind } from "@/lib/connectors/contract";
import { entriesSql } from "@/lib/sync/entries-sql";

// Test data for the engine, written straight to the tables the segments and ingest helpers own
// (their public functions may not exist in every checkout; the tables always do).

/** People 1..n: email for most, a valid phone for every third, an external id for all. */
export async function seedPeople(n: number, opts: { noEmailEvery?: number } = {}) {
  const every = opts.noEmailEvery ?? 0;
  await pool().query(
    `INSERT INTO profiles (id, external_id, email, email_sha256, phone, phone_sha256, phone_valid)
     SELECT i, 'crm-' || i,
       CASE WHEN $2 > 0 AND i % $2 = 0 THEN NULL ELSE 'person' || i || '@example.com' END,
       CASE WHEN $2 > 0 AND i % $2 = 0 THEN NULL ELSE encode(sha256(convert_to('person' || i || '@example.com', 'UTF8')), 'hex') END,
       CASE WHEN i % 3 = 0 THEN '+1415' || lpad((5000000 + i)::text, 7, '0') END,
       CASE WHEN i % 3 = 0 THEN encode(sha256(convert_to('+1415' || lpad((5000000 + i)::text, 7, '0'), 'UTF8')), 'hex') END,
       CASE WHEN i % 3 = 0 THEN true END
     FROM generate_series(1, $1) i`,
    [n, every],
  );
  await pool().query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), (SELECT max(id) FROM profiles))`);
}

export async function makeSegment(id: string, name: string, members: number[] | string, capDays: number | null = null) {
  await db().segment.create({ data: { id, name, definition: { fixture: true }, capDays } });
  await setMembers(id, members);
}

/** Replaces a segment's membership: an id list, or a SQL condition over profiles `p`. */
export async function setMembers(segmentId: string, members: number[] | string, enteredDaysAgo = 0) {
  await pool().query("DELETE FROM segment_memberships WHERE segment_id = $1", [segmentId]);
  if (typeof members === "string") {
    await pool().query(
      `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT $1, p.id, now() - make_interval(days => $2) FROM profiles p WHERE ${members}`,
      [segmentId, enteredDaysAgo],
    );
  } else if (members.length) {
    await pool().query(
      `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT $1, unnest($2::bigint[]), now() - make_interval(days => $3)`,
      [segmentId, members, enteredDaysAgo],
    );
  }
}

export async function makeDestination(
  kind: DestinationKind,
  settings: Record<string, unknown>,
  credentials: Record<string, unknown>,
  name = `${kind} fixture`,
) {
  return db().destination.create({ data: { name, kind, settings: settings as object, credentialsEnc: sealCredentials(credentials) } });
}

export async function makeSync(data: {
  segmentId: string;
  destinationId: string;
  name?: string;
  identifiers?: string[];
  holdoutPercent?: number;
  capDays?: number | null;
  mode?: "mirror" | "add_only";
  promotional?: boolean;
}) {
  const name = data.name ?? `sync ${Math.random().toString(36).slice(2, 8)}`;
  return db().sync.create({
    data: {
      name,
      segmentId: data.segmentId,
      destinationId: data.destinationId,
      identifiers: data.identifiers ?? ["email", "phone"],
      holdoutPercent: data.holdoutPercent ?? 0,
      capDays: data.capDays ?? null,
      mode: data.mode ?? "mirror",
      promotional: data.promotional ?? true,
      state: "live",
      remoteAudienceName: name,
    },
  });
}

export async function makeRule(
  segmentId: string,
  opts: { scope?: "all_promotional" | "selected"; syncIds?: string[]; name?: string } = {},
) {
  return db().suppressionRule.create({
    data: {
      name: opts.name ?? "Purchased recently",
      segmentId,
      scope: opts.scope ?? "all_promotional",
      syncs: opts.syncIds ? { create: opts.syncIds.map((syncId) => ({ syncId })) } : undefined,
    },
  });
}

/** The delivered set as the engine recorded it. */
export async function deliveredKeys(syncId: string): Promise<Set<string>> {
  const { rows } = await pool().query<{ id: string }>("SELECT profile_id::text AS id FROM audience_members WHERE sync_id = $1", [syncId]);
  return new Set(rows.map((r) => r.id));
}

/**
 * A sync's first entries by person, as the lift report reads them (lib/sync/entries-sql.ts), and
 * their definition computed from the batch history: the earliest acknowledged add batch of a real
 * run naming each person. Tests assert the two agree after every kind of write.
 */
export async function entriesAndHistory(syncId: string) {
  const q = async (sql: string) =>
    (await pool().query<{ id: number; at: string }>(sql, [syncId])).rows.map((r) => `${r.id}@${new Date(r.at).toISOString()}`);
  return {
    entries: await q(`SELECT profile_id::int AS id, entered_at AS at FROM ${entriesSql("sync_id = $1")} e ORDER BY 1`),
    history: await q(
      `SELECT x.profile_id::int AS id, min(coalesce(b.finished_at, b.started_at)) AS at
         FROM sync_runs r JOIN sync_run_batches b ON b.run_id = r.id CROSS JOIN LATERAL unnest(b.profile_ids) x(profile_id)
        WHERE r.sync_id = $1 AND NOT r.dry_run AND b.op = 'add' GROUP BY 1 ORDER BY 1`,
    ),
    /** People with an entry in both places: never, or the lift report would count them twice. */
    both: Number(
      (
        await pool().query(
          `SELECT count(*) AS n FROM audience_members a JOIN sync_entries e ON e.sync_id = a.sync_id AND e.profile_id = a.profile_id
            WHERE a.sync_id = $1`,
          [syncId],
        )
      ).rows[0].n,
    ),
  };
}
