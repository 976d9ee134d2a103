import type pg from "pg";
import { sha256Hex } from "@/lib/crypto";
import type { Platform } from "@/lib/sandbox/config";

// Audiences and their members, shared by all emulators. Member writes are set-based (one
// statement per call over unnest'ed arrays): the sync benchmark pushes a million members
// through an emulator and expects well over 100k members/s.

export type AudienceRow = {
  platform: Platform;
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
};

/** One uploaded person: any of the identifiers may be absent, at least one is present. The
 * first present of email, phone, other becomes the member_key (indexed by its hash, key_hash). */
export type MemberInput = { email?: string | null; phone?: string | null; other?: string | null };

/**
 * Deterministic match: a hash "matches" a platform user when its first 32 bits, read as a
 * fraction, fall under the match rate. Same hash, same answer, on every run.
 */
export function hashMatches(value: string, matchRate: number): boolean {
  const hex = /^[0-9a-f]{8}/.test(value) ? value : sha256Hex(value);
  return parseInt(hex.slice(0, 8), 16) / 2 ** 32 < matchRate;
}

export async function nextId(db: pg.Pool, base = 0n): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT nextval('sandbox.ids')::text AS id`);
  return (base + BigInt(rows[0]!.id)).toString();
}

export async function insertAudience(
  db: pg.Pool,
  a: { platform: Platform; id: string; accountId: string; name: string; description?: string | null; details?: Record<string, unknown> },
): Promise<AudienceRow> {
  const { rows } = await db.query<AudienceRow>(
    `INSERT INTO sandbox.audiences (platform, id, account_id, name, description, details)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING *`,
    [a.platform, a.id, a.accountId, a.name, a.description ?? null, JSON.stringify(a.details ?? {})],
  );
  return rows[0]!;
}

export async function getAudience(db: pg.Pool, platform: Platform, id: string): Promise<AudienceRow | undefined> {
  const { rows } = await db.query<AudienceRow>(`SELECT * FROM sandbox.audiences WHERE platform = $1 AND id = $2`, [platform, id]);
  return rows[0];
}

/** An account's audiences in id order, optionally filtered by exact name, after an id cursor. */
export async function listAudiences(
  db: pg.Pool,
  platform: Platform,
  accountId: string,
  opts: { name?: string; after?: string; limit?: number } = {},
): Promise<AudienceRow[]> {
  const { rows } = await db.query<AudienceRow>(
    `SELECT * FROM sandbox.audiences
      WHERE platform = $1 AND account_id = $2 AND ($3::text IS NULL OR name = $3)
        AND ($4::text IS NULL OR (length(id), id) > (length($4), $4))
      ORDER BY length(id), id LIMIT $5`,
    [platform, accountId, opts.name ?? null, opts.after ?? null, opts.limit ?? 1000],
  );
  return rows;
}

/**
 * The member table's only index is (audience_key, key_hash): two 64-bit hashes, generated from the
 * text columns by these same expressions (migration 20261202130000).
 */
const keyHashSql = (memberKey: string) => `hashtextextended(${memberKey}, 0)`;

/**
 * One audience's members, by that index. The text columns are compared too, so a hash shared by two
 * audiences never mixes their members. `platform` and `audienceId` are SQL expressions (parameters
 * or columns); `m` qualifies the member table's columns in a join.
 */
export const inAudienceSql = (platform: string, audienceId: string, m = "") =>
  `${m}audience_key = hashtextextended(${platform} || ':' || ${audienceId}, 0) AND ${m}platform = ${platform} AND ${m}audience_id = ${audienceId}`;

export async function touchAudience(db: pg.Pool, platform: Platform, id: string): Promise<void> {
  await db.query(`UPDATE sandbox.audiences SET updated_at = now() WHERE platform = $1 AND id = $2`, [platform, id]);
}

/** Adds members (existing ones are left as they are). Returns how many were new and matched. */
export async function addMembers(db: pg.Pool, platform: Platform, audienceId: string, members: MemberInput[], matchRate: number) {
  const keys: string[] = [],
    emails: (string | null)[] = [],
    phones: (string | null)[] = [],
    others: (string | null)[] = [],
    matched: boolean[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    const key = m.email || m.phone || m.other;
    // The same person twice in one upload is one person (and one statement may not touch a row twice).
    if (!key || seen.has(key)) continue;
    seen.add(key);
    keys.push(key);
    emails.push(m.email || null);
    phones.push(m.phone || null);
    others.push(m.other || null);
    matched.push([m.email, m.phone, m.other].some((v) => !!v && hashMatches(v, matchRate)));
  }
  if (!keys.length) return { inserted: 0, matched: 0 };
  const { rows } = await db.query<{ inserted: number; matched: number; collided: number }>(
    // The config's dropHashes (config.ts) are lost here, after the platform answered "accepted".
    // A member already there is left as it is. The update only fires when the key's hash belongs
    // to someone else (a 64-bit collision): that row comes back marked, and the upload fails
    // rather than drop a person (xmax is 0 for a row this statement inserted).
    `WITH lost AS (
       SELECT coalesce((SELECT array(SELECT jsonb_array_elements_text(config->'dropHashes')) FROM sandbox.emulator_config WHERE platform = $1), '{}') AS d
     ), ins AS (
       INSERT INTO sandbox.audience_members AS am (platform, audience_id, member_key, email_hash, phone_hash, other_id, matched)
       SELECT $1, $2, k, e, p, o, m FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bool[]) AS t(k, e, p, o, m), lost
        WHERE NOT (ARRAY[k, e, p, o] && lost.d)
        ORDER BY ${keyHashSql("k")} -- in index order: 11-20% faster than arrival order at 1M
       ON CONFLICT (audience_key, key_hash) DO UPDATE SET member_key = am.member_key
        WHERE (am.platform, am.audience_id, am.member_key) IS DISTINCT FROM (EXCLUDED.platform, EXCLUDED.audience_id, EXCLUDED.member_key)
       RETURNING matched, xmax::text <> '0' AS collided)
     SELECT count(*) FILTER (WHERE NOT collided)::int AS inserted, count(*) FILTER (WHERE matched AND NOT collided)::int AS matched,
            count(*) FILTER (WHERE collided)::int AS collided FROM ins`,
    [platform, audienceId, keys, emails, phones, others, matched],
  );
  const { inserted, matched: newMatched, collided } = rows[0]!;
  if (collided) throw new Error(`${collided} member key(s) share a 64-bit hash with another member of audience ${audienceId}`);
  return { inserted, matched: newMatched };
}

const valuesOf = (m: MemberInput) => [m.email, m.phone, m.other].filter((v): v is string => !!v);

/**
 * Removes the members named by `members` (a person is found by any of their identifiers).
 * First by primary key, one index probe per value; only people none of whose values is a stored
 * key (added with email + phone, removed by phone alone) cost a scan of the audience.
 */
export async function removeMembers(db: pg.Pool, platform: Platform, audienceId: string, members: MemberInput[]) {
  const values = members.flatMap(valuesOf);
  if (!values.length) return { removed: 0 };
  const { rows } = await db.query<{ member_key: string; email_hash: string | null; phone_hash: string | null; other_id: string | null }>(
    `DELETE FROM sandbox.audience_members
      WHERE ${inAudienceSql("$1", "$2")} AND member_key = ANY($3::text[])
        AND key_hash = ANY(ARRAY(SELECT ${keyHashSql("v")} FROM unnest($3::text[]) v))
     RETURNING member_key, email_hash, phone_hash, other_id`,
    [platform, audienceId, values],
  );
  const hit = new Set(rows.flatMap((r) => [r.member_key, r.email_hash, r.phone_hash, r.other_id]));
  const missed = members.filter((m) => !valuesOf(m).some((v) => hit.has(v))).flatMap(valuesOf);
  let removed = rows.length;
  if (missed.length) {
    const { rowCount } = await db.query(
      `DELETE FROM sandbox.audience_members WHERE ${inAudienceSql("$1", "$2")}
         AND (email_hash = ANY($3::text[]) OR phone_hash = ANY($3::text[]) OR other_id = ANY($3::text[]))`,
      [platform, audienceId, missed],
    );
    removed += rowCount ?? 0;
  }
  return { removed };
}

/** How many (and how many matched) members carry any of `values` (a scan: only for Meta's refuse-to-shrink check). */
export async function countCarrying(db: pg.Pool, platform: Platform, audienceId: string, values: string[]) {
  const { rows } = await db.query<{ total: number; matched: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE matched)::int AS matched FROM sandbox.audience_members
      WHERE ${inAudienceSql("$1", "$2")}
        AND (member_key = ANY($3::text[]) OR email_hash = ANY($3::text[]) OR phone_hash = ANY($3::text[]) OR other_id = ANY($3::text[]))`,
    [platform, audienceId, values],
  );
  return rows[0]!;
}

export async function clearMembers(db: pg.Pool, platform: Platform, audienceId: string) {
  const { rowCount } = await db.query(`DELETE FROM sandbox.audience_members WHERE ${inAudienceSql("$1", "$2")}`, [platform, audienceId]);
  return { removed: rowCount ?? 0 };
}

export type MemberCounts = { total: number; matched: number; visibleMatched: number; pending: number };

/** Sizes as the platform would report them: only members older than the delay are visible. */
export async function memberCounts(db: pg.Pool, platform: Platform, audienceId: string, delaySeconds: number): Promise<MemberCounts> {
  const { rows } = await db.query<MemberCounts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE matched)::int AS matched,
            count(*) FILTER (WHERE matched AND added_at <= now() - make_interval(secs => $3))::int AS "visibleMatched",
            count(*) FILTER (WHERE added_at > now() - make_interval(secs => $3))::int AS pending
       FROM sandbox.audience_members WHERE ${inAudienceSql("$1", "$2")}`,
    [platform, audienceId, delaySeconds],
  );
  return rows[0]!;
}

export type MemberRow = {
  member_key: string;
  email_hash: string | null;
  phone_hash: string | null;
  other_id: string | null;
  matched: boolean;
  added_at: Date;
};

/**
 * Read-back for validation, in member_key order, paged by key. No index is in that order (the key
 * is hashed), so each page sorts the audience's members: fine for what is read back (test cohorts,
 * tests), 0.7-0.8 s a page of 100,000 at a million members.
 */
export async function listMembers(
  db: pg.Pool,
  platform: Platform,
  audienceId: string,
  opts: { after?: string; limit: number },
): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `SELECT member_key, email_hash, phone_hash, other_id, matched, added_at FROM sandbox.audience_members
      WHERE ${inAudienceSql("$1", "$2")} AND ($3::text IS NULL OR member_key > $3)
      ORDER BY member_key LIMIT $4`,
    [platform, audienceId, opts.after ?? null, opts.limit],
  );
  return rows;
}

/** Wipes one platform's audiences, members and jobs (config and faults stay). */
export async function resetPlatform(db: pg.Pool, platform: Platform): Promise<void> {
  await db.query(`DELETE FROM sandbox.audience_members WHERE platform = $1`, [platform]);
  await db.query(`DELETE FROM sandbox.audiences WHERE platform = $1`, [platform]);
  if (platform === "meta") await db.query(`DELETE FROM sandbox.meta_sessions`);
  if (platform === "google_ads") await db.query(`DELETE FROM sandbox.google_job_ops; DELETE FROM sandbox.google_jobs`);
}
