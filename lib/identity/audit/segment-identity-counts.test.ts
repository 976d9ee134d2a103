import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { segmentCoverage as auditSegmentCoverage } from "@/lib/identity/audit/coverage";
import { compactSegmentIdentityCounts } from "@/lib/identity/audit/segment-identity-counts";
import { segmentCoverage as syncSegmentCoverage } from "@/lib/sync/segment-coverage";

// The identity audit's per-segment coverage and the wizard's identifier combos read counts that
// triggers keep (migration 20261201220000_segment_identity_counts). After every kind of write to
// memberships and profiles, in a random order, they must say exactly what the joins over the rows
// they replaced say.

// The queries the two readers ran before the counts existed: the reference.
async function scannedAudit() {
  const { rows } = await pool().query(`
    SELECT s.id, s.name, count(*)::int AS members,
           count(*) FILTER (WHERE p.email IS NOT NULL)::int AS "withEmail",
           count(*) FILTER (WHERE p.phone_valid AND p.phone IS NOT NULL)::int AS "withValidPhone",
           count(*) FILTER (WHERE p.external_id IS NOT NULL)::int AS "withExternalId",
           count(*) FILTER (WHERE p.email_sha256 IS NOT NULL OR (p.phone_sha256 IS NOT NULL AND p.phone_valid IS NOT FALSE))::int AS matchable
      FROM segments s JOIN segment_memberships m ON m.segment_id = s.id JOIN profiles p ON p.id = m.profile_id
     WHERE s.archived_at IS NULL AND NOT p.is_test
     GROUP BY s.id, s.name ORDER BY members DESC, s.name`);
  return rows;
}

async function scannedCombos(segmentIds: string[]) {
  const { rows } = await pool().query<{ segment_id: string; mask: number; n: number }>(
    `SELECT m.segment_id,
       (CASE WHEN p.email_sha256 IS NOT NULL THEN 1 ELSE 0 END
      + CASE WHEN p.phone_sha256 IS NOT NULL AND p.phone_valid IS NOT FALSE THEN 2 ELSE 0 END
      + CASE WHEN p.external_id IS NOT NULL THEN 4 ELSE 0 END) AS mask, count(*)::int AS n
     FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id WHERE m.segment_id = ANY($1::text[]) GROUP BY 1, 2`,
    [segmentIds],
  );
  const out: Record<string, { size: number; combos: Record<number, number> }> = {};
  for (const r of rows) {
    const c = (out[r.segment_id] ??= { size: 0, combos: {} });
    c.size += r.n;
    c.combos[r.mask] = r.n;
  }
  return out;
}

const SEGMENTS = ["seg-a", "seg-b", "seg-c", "seg-d"];

async function expectExact(step: string) {
  expect(await auditSegmentCoverage(100), step).toEqual(await scannedAudit());
  expect(await syncSegmentCoverage(SEGMENTS), step).toEqual(await scannedCombos(SEGMENTS));
}

// A small deterministic generator: the same history on every run.
let seed = 16;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

// One person's identifiers: every combination the mask distinguishes (valid, pre-hashed, invalid, missing).
function identifiers(i: number) {
  const email = pick([
    [`p${i}@example.com`, `p${i}@example.com`, `e${i}`],
    [null, null, `hashed-e${i}`],
    [`not an email ${i}`, null, null],
    [null, null, null],
  ] as const);
  const phone = pick([
    [`+1415555${String(1000 + i)}`, `e164-${i}`, true],
    [null, `hashed-p${i}`, null],
    [null, `unparsed-p${i}`, false],
    [null, null, null],
  ] as const);
  return { email, phone, external: rand() < 0.6 ? `cus_${i}` : null, test: rand() < 0.1 };
}

describe("segment identity counts", () => {
  beforeAll(async () => {
    await pool().query(
      `INSERT INTO segments (id, name, definition, updated_at) SELECT id, 'Segment ' || id, '{}', now() FROM unnest($1::text[]) id`,
      [SEGMENTS],
    );
    const rows = Array.from({ length: 80 }, (_, i) => ({ id: i + 1, ...identifiers(i + 1) }));
    await pool().query(
      `INSERT INTO profiles (id, email_raw, email, email_sha256, phone, phone_sha256, phone_valid, phone_raw, external_id, is_test)
       SELECT r.id, r.er, r.e, r.es, r.p, r.ps, r.pv, coalesce(r.p, r.ps), r.x, r.t
         FROM json_to_recordset($1::json) AS r(id bigint, er text, e text, es text, p text, ps text, pv boolean, x text, t boolean)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            er: r.email[0],
            e: r.email[0] && r.email[2] ? r.email[0] : null,
            es: r.email[2],
            p: r.phone[0],
            ps: r.phone[1],
            pv: r.phone[2],
            x: r.external,
            t: r.test,
          })),
        ),
      ],
    );
  });
  afterAll(async () => {
    await pool().query("DELETE FROM segments WHERE id = ANY($1::text[])", [SEGMENTS]);
  });

  it("match the joins over memberships and profiles after every kind of write, and after compaction", async () => {
    await expectExact("empty");
    const ids = async () => (await pool().query<{ id: string }>("SELECT id::text FROM profiles")).rows.map((r) => Number(r.id));
    const some = async (share: number) => (await ids()).filter(() => rand() < share);
    const ops: Record<string, () => Promise<unknown>> = {
      "insert members (INSERT ... SELECT)": async () =>
        pool().query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [
          pick(SEGMENTS),
          await some(0.3),
        ]),
      "insert one member (VALUES)": async () =>
        pool().query(`INSERT INTO segment_memberships (segment_id, profile_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
          pick(SEGMENTS),
          pick(await ids()),
        ]),
      "insert members as the refresh does (replica role)": async () => {
        const c = await pool().connect();
        try {
          await c.query("BEGIN");
          await c.query("SET LOCAL session_replication_role = replica");
          await c.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [
            pick(SEGMENTS),
            await some(0.2),
          ]);
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      },
      "delete members": async () =>
        pool().query(`DELETE FROM segment_memberships WHERE segment_id = $1 AND profile_id = ANY($2::bigint[])`, [
          pick(SEGMENTS),
          await some(0.4),
        ]),
      "update members (entered_at)": async () =>
        pool().query(`UPDATE segment_memberships SET entered_at = now() WHERE segment_id = $1`, [pick(SEGMENTS)]),
      "change identifiers": async () => {
        const i = pick(await ids());
        const next = identifiers(i + 1000);
        await pool().query(
          `UPDATE profiles SET email = $2, email_sha256 = $3, phone = $4, phone_sha256 = $5, phone_valid = $6, external_id = $7 WHERE id = $1`,
          [
            i,
            next.email[0] && next.email[2] ? next.email[0] : null,
            next.email[2],
            next.phone[0],
            next.phone[1],
            next.phone[2],
            next.external,
          ],
        );
      },
      "mark test profiles": async () =>
        pool().query(`UPDATE profiles SET is_test = NOT is_test WHERE id = ANY($1::bigint[])`, [await some(0.1)]),
      "touch profiles (no identifier change)": async () => pool().query(`UPDATE profiles SET last_seen_at = now() WHERE id % 3 = 0`),
      "delete people (cascade)": async () => pool().query(`DELETE FROM profiles WHERE id = ANY($1::bigint[])`, [await some(0.05)]),
      "add people": async () => {
        const max = Math.max(0, ...(await ids()));
        await pool().query(`INSERT INTO profiles (id, email, email_sha256, external_id) VALUES ($1, $2, $3, $4), ($5, NULL, NULL, NULL)`, [
          max + 1,
          `n${max}@example.com`,
          `en${max}`,
          `cus_n${max}`,
          max + 2,
        ]);
      },
      compact: () => compactSegmentIdentityCounts(),
      "archive and restore a segment": async () => {
        const s = pick(SEGMENTS);
        await pool().query(`UPDATE segments SET archived_at = now() WHERE id = $1`, [s]);
        await expectExact(`archived ${s}`);
        await pool().query(`UPDATE segments SET archived_at = NULL WHERE id = $1`, [s]);
      },
    };
    const names = Object.keys(ops);
    for (let step = 0; step < 60; step++) {
      const name = step < names.length ? names[step]! : pick(names);
      await ops[name]!();
      await expectExact(`step ${step}: ${name}`);
    }
    // Something to count, so the checks above were not of empty sets only.
    expect((await scannedAudit()).length).toBeGreaterThan(1);
    await compactSegmentIdentityCounts();
    await expectExact("compacted");
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM segment_identity_counts`);
    expect(rows[0].n).toBeLessThanOrEqual(SEGMENTS.length * 64);
  });

  it("a mask change and new memberships of the same person in concurrent transactions are both counted", async () => {
    const [{ id }] = (
      await pool().query(`INSERT INTO profiles (id, email, email_sha256) VALUES (100000, 'race@example.com', 'race') RETURNING id::text`)
    ).rows;
    const refresh = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const ingest = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([refresh.connect(), ingest.connect()]);
    try {
      await refresh.query("BEGIN");
      await refresh.query(`INSERT INTO segment_memberships (segment_id, profile_id) VALUES ('seg-d', $1)`, [id]);
      // While the membership is uncommitted, ingest removes the person's email: it waits for the refresh to commit.
      const changed = ingest.query(`UPDATE profiles SET email = NULL, email_sha256 = NULL WHERE id = $1`, [id]);
      await new Promise((r) => setTimeout(r, 200));
      await refresh.query("COMMIT");
      await changed;
      await expectExact("after both committed");
    } finally {
      await Promise.all([refresh.end(), ingest.end()]);
    }
  });

  it("two merges at once (identifiers moved to the survivor, the other person deleted) neither deadlock nor miscount", async () => {
    await pool().query(`INSERT INTO profiles (id, email, email_sha256) VALUES (200001, NULL, NULL), (200002, 'm1@example.com', 'm1'),
                                                                     (200003, NULL, NULL), (200004, 'm2@example.com', 'm2')`);
    await pool().query(
      `INSERT INTO segment_memberships (segment_id, profile_id) VALUES ('seg-a', 200001), ('seg-a', 200002), ('seg-b', 200003), ('seg-b', 200004)`,
    );
    const merge = async (survivor: number, other: number, email: string) => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try {
        await c.query("BEGIN");
        await c.query(`UPDATE profiles SET email = $2, email_sha256 = $3 WHERE id = $1`, [survivor, email, `h-${email}`]);
        await new Promise((r) => setTimeout(r, 100)); // both hold their identifier change before either deletes
        await c.query(`DELETE FROM profiles WHERE id = $1`, [other]);
        await c.query("COMMIT");
      } finally {
        await c.end();
      }
    };
    await Promise.all([merge(200001, 200002, "m1@example.com"), merge(200003, 200004, "m2@example.com")]);
    await expectExact("after two merges");
  });

  it("a refresh that moves nobody does not hold up an identifier change", async () => {
    const refresh = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await refresh.connect();
    try {
      await refresh.query("BEGIN");
      await refresh.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT 'seg-a', id FROM profiles WHERE false`);
      const c = await pool().connect();
      try {
        await c.query("BEGIN");
        await c.query("SET LOCAL lock_timeout = '2s'");
        await c.query(
          `UPDATE profiles SET external_id = 'changed-' || id WHERE id IN (SELECT profile_id FROM segment_memberships LIMIT 3)`,
        );
        await c.query("COMMIT");
      } finally {
        c.release();
      }
      await refresh.query("COMMIT");
    } finally {
      await refresh.end();
    }
    await expectExact("after the identifier change");
  });

  it("TRUNCATE of memberships leaves nothing counted", async () => {
    await pool().query("TRUNCATE segment_memberships");
    expect(await auditSegmentCoverage(100)).toEqual([]);
    await expectExact("truncated");
  });
});
