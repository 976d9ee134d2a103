import { pool } from "@/lib/db";
import { isSha256Hex, normalizeEmail } from "@/lib/identity/normalize";

// One person as the console and the API show them: attributes, every identifier raw and
// normalized with whether it will match (and why not), anonymous ids, the sources their data
// came from, segment memberships and the audiences they were delivered to.

export type Identifier = {
  raw: string | null;
  normalized: string | null;
  sha256: string | null;
  valid: boolean;
  prehashed: boolean;
  error: string | null;
};

export type PersonDetail = {
  id: string;
  externalId: string | null;
  isTest: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
  updatedAt: Date;
  attributes: Record<string, unknown>;
  identifiers: { externalId: string | null; email: Identifier; phone: Identifier; anonymousIds: string[] };
  sources: { id: string; name: string | null; events: number; lastEventAt: Date }[];
  segments: { id: string; name: string; enteredAt: Date }[];
  audiences: { syncId: string; syncName: string; destination: string; kind: string; addedAt: Date }[];
};

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function emailIdentifier(r: Row): Identifier {
  const prehashed = !r.email && !!r.email_sha256 && isSha256Hex(r.email_raw);
  const error = r.email || prehashed ? null : r.email_raw ? (r.email_error ?? normalizeEmail(r.email_raw).error ?? "invalid") : "missing";
  return { raw: r.email_raw, normalized: r.email, sha256: r.email_sha256, valid: !!r.email_sha256, prehashed, error };
}

function phoneIdentifier(r: Row): Identifier {
  const prehashed = !r.phone && !!r.phone_sha256 && isSha256Hex(r.phone_raw);
  const error = r.phone_raw ? (r.phone_valid ? null : (r.phone_error ?? "invalid")) : "missing";
  return { raw: r.phone_raw, normalized: r.phone, sha256: r.phone_sha256, valid: !!r.phone_valid, prehashed, error };
}

export async function getPerson(by: { id: string } | { externalId: string }): Promise<PersonDetail | null> {
  const [where, value] = "id" in by ? ["id = $1", /^\d{1,18}$/.test(by.id) ? by.id : "0"] : ["external_id = $1", by.externalId];
  const { rows } = await pool().query(`SELECT * FROM profiles WHERE ${where}`, [value]);
  const r = rows[0];
  if (!r) return null;
  const id = String(r.id);
  const [aliases, sources, segments, audiences] = await Promise.all([
    pool().query(`SELECT anonymous_id FROM profile_aliases WHERE profile_id = $1 ORDER BY created_at`, [id]),
    pool().query(
      `SELECT e.source_id, s.name, count(*)::int AS events, max(e.received_at) AS last
         FROM events e LEFT JOIN sources s ON s.id = e.source_id WHERE e.profile_id = $1 GROUP BY e.source_id, s.name ORDER BY last DESC`,
      [id],
    ),
    pool().query(
      `SELECT s.id, s.name, m.entered_at FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.profile_id = $1 ORDER BY s.name`,
      [id],
    ),
    pool().query(
      `SELECT a.sync_id, y.name AS sync_name, d.name AS destination, d.kind::text AS kind, a.added_at
         FROM audience_members a JOIN syncs y ON y.id = a.sync_id JOIN destinations d ON d.id = y.destination_id
        WHERE a.profile_id = $1 ORDER BY a.added_at DESC`,
      [id],
    ),
  ]);
  const anonymousIds = [...new Set<string>([...aliases.rows.map((a) => a.anonymous_id), ...(r.anonymous_ids ?? [])])];
  return {
    id,
    externalId: r.external_id,
    isTest: r.is_test,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    attributes: r.attributes ?? {},
    identifiers: { externalId: r.external_id, email: emailIdentifier(r), phone: phoneIdentifier(r), anonymousIds },
    sources: sources.rows.map((s) => ({
      id: s.source_id ?? "demo",
      name: s.name ?? (s.source_id ? null : "Imported / demo data"),
      events: s.events,
      lastEventAt: s.last,
    })),
    segments: segments.rows.map((s) => ({ id: s.id, name: s.name, enteredAt: s.entered_at })),
    audiences: audiences.rows.map((a) => ({
      syncId: a.sync_id,
      syncName: a.sync_name,
      destination: a.destination,
      kind: a.kind,
      addedAt: a.added_at,
    })),
  };
}
