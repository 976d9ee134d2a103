import pg from "pg";

// The warehouse's tables, in the schema the user names (created if missing). Typed columns, so
// analysts can join them without casting:
//   <prefix>audiences         one row per audience (the sync's remote audience)
//   <prefix>audience_members  current membership: one row per member of each audience
//   <prefix>audience_changes  every add / update / remove that changed membership, in order
// Writes are idempotent: a change row is written only when membership actually changed, so a
// batch resent after a crash changes nothing twice.

export type Tables = { schema: string; audiences: string; members: string; changes: string; changesIndex: string };

export function tables(schema: string, prefix: string): Tables {
  const q = (name: string) => `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(prefix + name)}`;
  return {
    schema: pg.escapeIdentifier(schema),
    audiences: q("audiences"),
    members: q("audience_members"),
    changes: q("audience_changes"),
    // Index names take no schema: Postgres puts an index in its table's schema.
    changesIndex: pg.escapeIdentifier(`${prefix}audience_changes_by_audience`),
  };
}

export const ddl = (t: Tables) => [
  `CREATE SCHEMA IF NOT EXISTS ${t.schema}`,
  `CREATE TABLE IF NOT EXISTS ${t.audiences} (
    audience_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS ${t.members} (
    audience_id TEXT NOT NULL,
    member_key TEXT NOT NULL,
    external_id TEXT,
    email TEXT,
    email_sha256 TEXT,
    phone TEXT,
    phone_sha256 TEXT,
    added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (audience_id, member_key))`,
  `CREATE TABLE IF NOT EXISTS ${t.changes} (
    id BIGSERIAL PRIMARY KEY,
    audience_id TEXT NOT NULL,
    member_key TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('add', 'update', 'remove')),
    external_id TEXT,
    email_sha256 TEXT,
    phone_sha256 TEXT,
    delivery TEXT,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS ${t.changesIndex} ON ${t.changes} (audience_id, changed_at)`,
];

export const upsertAudienceSql = (t: Tables) => `
  INSERT INTO ${t.audiences} (audience_id, name) VALUES ($1, $2)
  ON CONFLICT (audience_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`;

/** $1 audience, $2 delivery, $3..$8 parallel arrays: key, external id, email, email hash, phone, phone hash. */
export const addSql = (t: Tables) => `
  WITH input AS (
    SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(member_key, external_id, email, email_sha256, phone, phone_sha256)
  ), up AS (
    INSERT INTO ${t.members} AS m (audience_id, member_key, external_id, email, email_sha256, phone, phone_sha256)
    SELECT $1, member_key, external_id, email, email_sha256, phone, phone_sha256 FROM input
    ON CONFLICT (audience_id, member_key) DO UPDATE SET external_id = EXCLUDED.external_id, email = EXCLUDED.email,
      email_sha256 = EXCLUDED.email_sha256, phone = EXCLUDED.phone, phone_sha256 = EXCLUDED.phone_sha256, updated_at = now()
      WHERE (m.external_id, m.email_sha256, m.phone_sha256) IS DISTINCT FROM (EXCLUDED.external_id, EXCLUDED.email_sha256, EXCLUDED.phone_sha256)
    RETURNING member_key, external_id, email_sha256, phone_sha256, (xmax = 0) AS inserted
  )
  INSERT INTO ${t.changes} (audience_id, member_key, op, external_id, email_sha256, phone_sha256, delivery)
  SELECT $1, member_key, CASE WHEN inserted THEN 'add' ELSE 'update' END, external_id, email_sha256, phone_sha256, $2 FROM up`;

/** $1 audience, $2 delivery, $3 keys. */
export const removeSql = (t: Tables) => `
  WITH del AS (
    DELETE FROM ${t.members} WHERE audience_id = $1 AND member_key = ANY($3::text[])
    RETURNING member_key, external_id, email_sha256, phone_sha256
  )
  INSERT INTO ${t.changes} (audience_id, member_key, op, external_id, email_sha256, phone_sha256, delivery)
  SELECT $1, member_key, 'remove', external_id, email_sha256, phone_sha256, $2 FROM del`;
