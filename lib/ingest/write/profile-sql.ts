import type { PoolClient } from "pg";
import type { ProfileRow } from "@/lib/ingest/write/profile-row";

// Set-based profile writes: every statement takes the whole batch as one JSON parameter
// (json_to_recordset), so a batch costs a few round trips however many people it touches.
//
// Concurrency: every statement that writes several people locks them in profile id order (the
// upsert inserts known people in that order, new people after them; the updates lock their
// rows ORDER BY id FOR UPDATE first), so two statements touching the same people, by external
// id, by profile id or by email, lock them in the same order and cannot deadlock each other.
// Each statement commits on its own, so one order per statement is enough. Attributes merge
// inside the row lock (`attributes || new`), so concurrent batches never lose each other's keys.
// An update whose only news is "seen again within a minute" is skipped (WHERE changed(...)),
// which keeps a busy person's row from being rewritten on every batch.

const INPUT = `external_id text, id bigint, email_raw text, email text, email_sha256 text, email_error text,
  phone_raw text, phone text, phone_sha256 text, phone_valid boolean, phone_error text,
  attributes jsonb, first_seen_at timestamp(3), last_seen_at timestamp(3)`;

const COLUMNS = `email_raw, email, email_sha256, email_error, phone_raw, phone, phone_sha256, phone_valid, phone_error,
  attributes, first_seen_at, last_seen_at, created_at, updated_at`;

const VALUES = (s: string) => `${s}.email_raw, ${s}.email, ${s}.email_sha256, ${s}.email_error, ${s}.phone_raw, ${s}.phone,
  ${s}.phone_sha256, ${s}.phone_valid, ${s}.phone_error, COALESCE(${s}.attributes, '{}'), ${s}.first_seen_at, ${s}.last_seen_at, now(), now()`;

// An identifier is replaced only when the message carries one (raw not null): absence never erases.
const ifEmail = (s: string, col: string) => `${col} = CASE WHEN ${s}.email_raw IS NULL THEN p.${col} ELSE ${s}.${col} END`;
const ifPhone = (s: string, col: string) => `${col} = CASE WHEN ${s}.phone_raw IS NULL THEN p.${col} ELSE ${s}.${col} END`;

const MERGE = (s: string) =>
  [
    ...["email_raw", "email", "email_sha256", "email_error"].map((c) => ifEmail(s, c)),
    ...["phone_raw", "phone", "phone_sha256", "phone_valid", "phone_error"].map((c) => ifPhone(s, c)),
    `attributes = p.attributes || COALESCE(${s}.attributes, '{}')`,
    `first_seen_at = LEAST(p.first_seen_at, ${s}.first_seen_at)`,
    `last_seen_at = GREATEST(p.last_seen_at, ${s}.last_seen_at)`,
    `updated_at = now()`,
  ].join(",\n    ");

const CHANGED = (s: string) => `(${s}.email_raw IS NOT NULL AND ${s}.email_raw IS DISTINCT FROM p.email_raw)
    OR (${s}.phone_raw IS NOT NULL AND ${s}.phone_raw IS DISTINCT FROM p.phone_raw)
    OR (${s}.attributes <> '{}'::jsonb AND p.attributes || ${s}.attributes IS DISTINCT FROM p.attributes)
    OR ${s}.first_seen_at < p.first_seen_at
    OR ${s}.last_seen_at > p.last_seen_at + interval '1 minute'`;

const UPSERT_BY_EXTERNAL_ID = `
WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(${INPUT})),
up AS (
  INSERT INTO profiles AS p (external_id, ${COLUMNS})
  SELECT i.external_id, ${VALUES("i")} FROM input i ORDER BY i.id NULLS LAST, i.external_id
  ON CONFLICT (external_id) DO UPDATE SET
    ${MERGE("EXCLUDED")}
  WHERE ${CHANGED("EXCLUDED")}
  RETURNING p.id, p.external_id
)
SELECT id::text AS id, external_id AS key FROM up
UNION ALL
SELECT p.id::text, p.external_id FROM profiles p JOIN input i ON p.external_id = i.external_id
 WHERE NOT EXISTS (SELECT 1 FROM up WHERE up.external_id = i.external_id)`;

/**
 * Creates or updates people keyed by external id; returns external id -> profile id. Rows of
 * people the batch's lookup found carry their profile id (`id`), which orders the writes.
 */
export async function upsertByExternalId(client: PoolClient, rows: ProfileRow[]): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  const { rows: found } = await client.query<{ id: string; key: string }>(UPSERT_BY_EXTERNAL_ID, [JSON.stringify(rows)]);
  const ids = new Map(found.map((r) => [r.key, r.id]));
  // A row inserted by a concurrent batch after our snapshot, with nothing new to write, is in
  // neither result set; this statement takes a fresh snapshot and sees it.
  const missing = rows.map((r) => r.external_id!).filter((k) => !ids.has(k));
  if (missing.length) {
    const { rows: late } = await client.query<{ id: string; key: string }>(
      `SELECT id::text AS id, external_id AS key FROM profiles WHERE external_id = ANY($1::text[])`,
      [missing],
    );
    for (const r of late) ids.set(r.key, r.id);
  }
  return ids;
}

/** A CTE `locked` that locks the people a statement is about to update, in profile id order (see the top). */
export const LOCKED = (match: string) =>
  `locked AS MATERIALIZED (SELECT p.id FROM profiles p WHERE ${match} ORDER BY p.id FOR NO KEY UPDATE OF p)`;

/** Customer.io `_update: true`: change people who exist, create nobody. */
export async function updateExistingByExternalId(client: PoolClient, rows: ProfileRow[]): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  const { rows: found } = await client.query<{ id: string; key: string }>(
    `
    WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(${INPUT})),
    ${LOCKED("p.external_id IN (SELECT external_id FROM input)")}
    UPDATE profiles p SET ${MERGE("i")} FROM input i, locked l WHERE p.id = l.id AND p.external_id = i.external_id
    RETURNING p.id::text AS id, p.external_id AS key`,
    [JSON.stringify(rows)],
  );
  return new Map(found.map((r) => [r.key, r.id]));
}

/** Updates people by profile id (anonymous messages whose anonymous id is linked to someone). */
export async function updateById(client: PoolClient, rows: ProfileRow[]): Promise<void> {
  if (!rows.length) return;
  await client.query(
    `
    WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(${INPUT})),
    ${LOCKED("p.id IN (SELECT id FROM input)")}
    UPDATE profiles p SET ${MERGE("i")} FROM input i, locked l WHERE p.id = l.id AND p.id = i.id`,
    [JSON.stringify(rows)],
  );
}

// People known only by email. Creating them must not race (two batches would each create
// the same person), so this rare path serializes on one transaction-scoped advisory lock.
const EMAIL_LOCK = 0x646f776e; // "down"

/** Matches people by normalized email (oldest first) or creates them; returns email -> profile id. */
export async function upsertByEmail(client: PoolClient, rows: ProfileRow[]): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  await client.query(`SELECT pg_advisory_xact_lock($1)`, [EMAIL_LOCK]);
  const { rows: found } = await client.query<{ id: string; key: string }>(
    `
    WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(${INPUT})),
    matched AS (
      SELECT DISTINCT ON (p.email) p.id, p.email FROM profiles p JOIN input i ON p.email = i.email ORDER BY p.email, p.id
    ),
    ${LOCKED("p.id IN (SELECT id FROM matched)")},
    upd AS (
      UPDATE profiles p SET ${MERGE("i")} FROM input i, matched m, locked l
       WHERE p.id = m.id AND p.id = l.id AND m.email = i.email
      RETURNING p.id, m.email
    ),
    ins AS (
      INSERT INTO profiles (${COLUMNS})
      SELECT ${VALUES("i")} FROM input i WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.email = i.email)
      RETURNING id, email
    )
    SELECT id::text AS id, email AS key FROM upd UNION ALL SELECT id::text, email FROM ins`,
    [JSON.stringify(rows)],
  );
  return new Map(found.map((r) => [r.key, r.id]));
}

/**
 * "An email that arrives for an existing person updates it": a new external id whose email
 * belongs to a person who has no external id yet takes over that person instead of creating
 * a second one. Runs in its own short statement before the batch transaction, so its locks
 * never interleave with the batch's key-ordered ones; it is idempotent, so a retried batch
 * simply finds nothing left to claim.
 */
export async function claimEmailOnlyPeople(client: PoolClient, pairs: { external_id: string; email: string }[]): Promise<number> {
  if (!pairs.length) return 0;
  try {
    const { rowCount } = await client.query(
      `
      WITH input AS (SELECT * FROM json_to_recordset($1::json) AS i(external_id text, email text)),
      candidates AS (
        SELECT DISTINCT ON (q.id) q.id, i.external_id
          FROM input i
          JOIN LATERAL (SELECT id FROM profiles WHERE email = i.email AND external_id IS NULL ORDER BY id LIMIT 1) q ON true
         WHERE NOT EXISTS (SELECT 1 FROM profiles e WHERE e.external_id = i.external_id)
         ORDER BY q.id, i.external_id
      ),
      locked AS (SELECT p.id, c.external_id FROM profiles p JOIN candidates c ON c.id = p.id ORDER BY p.id FOR UPDATE OF p)
      UPDATE profiles p SET external_id = l.external_id, updated_at = now()
        FROM locked l WHERE p.id = l.id AND p.external_id IS NULL`,
      [JSON.stringify(pairs)],
    );
    return rowCount ?? 0;
  } catch (e) {
    // Someone created that external id concurrently: nothing to claim, the upsert will find it.
    if ((e as { code?: string }).code === "23505") return 0;
    throw e;
  }
}
