import type pg from "pg";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, inTransaction, rollback } from "@/lib/db";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { describeEntry, describeExit, describeRules } from "@/lib/segments/describe";
import { lintDefinition, type Lint } from "@/lib/segments/lint";
import { activityEvents, refreshStatement } from "@/lib/segments/refresh/refresh-statement";
import { referenceIssues } from "@/lib/segments/references";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";
import { tuneSession } from "@/lib/segments/sql/session";
import { definitionOrBadRequest, invalidDefinition, loadStoredSegments } from "@/lib/segments/store";
import { matchableSql } from "@/lib/identity/sendable";
import { countPopulation, populationOnlySql } from "@/lib/people/population";

// What the builder shows while you edit, computed without saving anything: the size, how
// many people each top-level rule keeps, a few members, identifier coverage, the linter,
// the plain-English description, and (when editing a saved segment) who would enter and
// leave and which syncs would carry the change. Members are computed once into a temp
// table; everything else reads that.

export const previewInput = z.object({
  definition: z.unknown(),
  /** The saved segment being edited: enables the change impact and excludes it from "duplicate of". */
  segmentId: z.string().min(1).max(64).optional(),
  sampleSize: z.number().int().min(0).max(50).default(10),
});

export type PreviewMember = { id: string; externalId: string | null; email: string | null; phone: string | null; firstName: string | null };
export type PreviewResult = {
  count: number;
  total: number;
  funnel: { label: string; count: number }[];
  sample: PreviewMember[];
  reachable: number;
  entry: string;
  exit: string;
  lints: Lint[];
  impact: {
    current: number;
    entering: number;
    leaving: number;
    capped: number;
    syncs: { name: string; destination: string; state: string }[];
  } | null;
  ms: number;
};

export async function previewSegment(actor: Actor, input: unknown, options: { now?: number } = {}): Promise<PreviewResult> {
  requireRole(actor, "viewer");
  const data = previewInput.parse(input);
  const definition = definitionOrBadRequest(data.definition);
  const stored = await loadStoredSegments();
  const issues = referenceIssues(definition, data.segmentId ?? null, stored);
  if (issues.length) throw invalidDefinition(issues);
  await catchUpEventRollup();

  const started = performance.now();
  const now = options.now ?? Date.now();
  const { count, total, sample, reachable, funnel, impact } = await inTransaction(async (client) => {
    await tuneSession(client);
    const compiled = compileSegment(definition, { now });
    // Private scratch space for this transaction, which is rolled back: a preview writes nothing.
    // The people population only, as a refresh would materialize it: test profiles are never members.
    await client.query(`CREATE TEMP TABLE preview_members ON COMMIT DROP AS ${populationOnlySql(membersSql(compiled))}`, compiled.params);
    const count = Number((await client.query(`SELECT count(*) FROM preview_members`)).rows[0].count);
    // One connection, one transaction: these run one after another.
    const sample = await sampleMembers(client, data.sampleSize);
    const reachable = await reachableMembers(client);
    const total = await countPopulation(client);
    const funnel = await funnelCounts(client, definition, now, count);
    const impact = data.segmentId ? await changeImpact(client, definition, data.segmentId, now) : null;
    return rollback({ count, total, sample, reachable, funnel, impact });
  });
  const names = Object.fromEntries(stored.map((s) => [s.id, s.name]));
  const others = stored.filter((s) => s.id !== data.segmentId);
  return {
    count,
    total,
    sample,
    reachable,
    funnel: describeRules(definition, { segmentNames: names }).map((label, i) => ({ label, count: funnel[i]! })),
    entry: describeEntry(definition, { segmentNames: names }),
    exit: describeExit(definition),
    lints: lintDefinition(definition, { others, coverage: { members: count, reachable } }),
    impact: impact && { ...impact, syncs: await syncsOf(data.segmentId!) },
    ms: Math.round(performance.now() - started),
  };
}

async function sampleMembers(client: pg.PoolClient, n: number): Promise<PreviewMember[]> {
  if (n === 0) return [];
  const { rows } = await client.query(
    `SELECT p.id::text AS id, p.external_id, p.email, p.phone, p.attributes ->> 'first_name' AS first_name
     FROM profiles p JOIN (SELECT profile_id FROM preview_members ORDER BY profile_id DESC LIMIT $1) m ON m.profile_id = p.id ORDER BY p.id DESC`,
    [n],
  );
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, email: r.email, phone: r.phone, firstName: r.first_name }));
}

async function reachableMembers(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM profiles p JOIN preview_members m ON m.profile_id = p.id
     WHERE ${matchableSql("p")}`,
  );
  return rows[0].n;
}

/** "all": rules 1..k together for each k; "any": each rule on its own. The full set is `count`. */
async function funnelCounts(client: pg.PoolClient, def: SegmentDefinition, now: number, count: number): Promise<number[]> {
  const n = def.conditions.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    if (def.match === "all" && k === n - 1) out.push(count);
    else if (def.match === "any" && n === 1) out.push(count);
    else {
      const conditions = def.match === "all" ? def.conditions.slice(0, k + 1) : [def.conditions[k]!];
      const compiled = compileSegment({ ...def, conditions }, { now });
      out.push(
        (await client.query(`SELECT count(*)::int AS count FROM (${populationOnlySql(membersSql(compiled))}) f`, compiled.params)).rows[0]
          .count,
      );
    }
  }
  return out;
}

async function changeImpact(client: pg.PoolClient, def: SegmentDefinition, segmentId: string, now: number) {
  const s = refreshStatement(
    { sql: "SELECT profile_id FROM preview_members", params: [] },
    { segmentId, capDays: def.cap?.days ?? null, now, activity: activityEvents(def), dryRun: true },
  );
  const r = (await client.query(s.sql, s.params)).rows[0];
  return { current: r.before, entering: r.entered, leaving: r.exited + r.capped, capped: r.capped };
}

async function syncsOf(segmentId: string) {
  const syncs = await db().sync.findMany({
    where: { segmentId },
    select: { name: true, state: true, destination: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  return syncs.map((s) => ({ name: s.name, destination: s.destination.name, state: s.state }));
}
