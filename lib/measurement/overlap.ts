import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bitmapFromInt8s, countBoth, countIds, union } from "@/lib/measurement/id-bitmap";
import { populationOnlySql } from "@/lib/people/population";

// Audience overlap (issue 15 item 3): for 2-10 chosen segments (their current members) or syncs
// (their live audience: what the destination has, audience_members), how many people are in each
// pair and what share of each side that is. One statement reads each set once, in primary-key
// order (an index-only scan, no per-person grouping in Postgres), as one packed list of ids; the
// sizes, pairs and union are counted here over bitmaps of those ids (id-bitmap.ts). Test profiles
// are not people and never count.

export const MAX_OVERLAP_ITEMS = 10;

export const overlapItem = z.strictObject({
  kind: z.enum(["segment", "sync"]),
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\w-]+$/, "must be a segment or sync id"),
});
export type OverlapItem = z.infer<typeof overlapItem>;

export const overlapInput = z.strictObject({
  items: z
    .array(overlapItem)
    .min(2, "Choose at least two segments or audiences.")
    .max(MAX_OVERLAP_ITEMS, `Choose at most ${MAX_OVERLAP_ITEMS}.`),
});

/** "segment:abc,sync:def" in a query string. */
export const overlapQuery = z.strictObject({
  items: z
    .string()
    .max(2000)
    .describe("Comma-separated kind:id pairs, e.g. segment:abc,sync:def (2-10).")
    .transform((s, ctx) => {
      const items = s.split(",").map((part) => {
        const [kind, id] = part.split(":");
        return { kind, id };
      });
      const parsed = overlapInput.shape.items.safeParse(items);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "invalid items" });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

export type OverlapEntry = OverlapItem & { name: string; size: number; href: string };
export type OverlapCell = { a: number; b: number; people: number; shareOfA: number | null; shareOfB: number | null };
export type Overlap = { items: OverlapEntry[]; pairs: OverlapCell[]; people: number };

async function resolve(items: OverlapItem[]): Promise<(OverlapItem & { name: string; href: string })[]> {
  const ids = (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.id);
  const { rows } = await pool().query<{ kind: string; id: string; name: string }>(
    `SELECT 'segment' AS kind, id, name FROM segments WHERE id = ANY($1::text[])
     UNION ALL SELECT 'sync', id, name FROM syncs WHERE id = ANY($2::text[])`,
    [ids("segment"), ids("sync")],
  );
  return items.map((i) => {
    const found = rows.find((r) => r.kind === i.kind && r.id === i.id);
    if (!found) throw new AppError("not_found", `No ${i.kind} ${JSON.stringify(i.id)}.`);
    return { ...i, name: found.name, href: i.kind === "segment" ? `/segments/${i.id}` : `/syncs/${i.id}` };
  });
}

/** The people of item `i` ($i+1 is its id). */
const setSql = (item: OverlapItem, param: number) =>
  item.kind === "segment"
    ? `SELECT profile_id FROM segment_memberships WHERE segment_id = $${param}`
    : `SELECT profile_id FROM audience_members WHERE sync_id = $${param}`;

export async function computeOverlap(actor: Actor, input: unknown): Promise<Overlap> {
  requireRole(actor, "viewer");
  const parsed = overlapInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid overlap request.");
  const items = await resolve(dedupe(parsed.data.items));
  if (items.length < 2) throw new AppError("validation_failed", "Choose at least two different segments or audiences.");
  // One statement, so every set is read from the same snapshot. Each id is 8 bytes (int8send) in
  // the set's own index order; the population rule is lib/people/population.ts's.
  const lists = items.map(
    (it, i) =>
      `(SELECT string_agg(int8send(profile_id), ''::bytea ORDER BY profile_id) FROM (${populationOnlySql(setSql(it, i + 1))}) s) AS s${i}`,
  );
  const { rows } = await pool().query<Record<string, Buffer | null>>(
    `SELECT ${lists.join(", ")}`,
    items.map((i) => i.id),
  );
  const sets = items.map((_, i) => bitmapFromInt8s(rows[0]![`s${i}`] ?? new Uint8Array(0)));
  const entries = items.map((it, i) => ({ ...it, size: countIds(sets[i]!) }));
  const pairs: OverlapCell[] = [];
  for (let a = 0; a < items.length; a++)
    for (let b = a + 1; b < items.length; b++) {
      const people = countBoth(sets[a]!, sets[b]!);
      const share = (size: number) => (size > 0 ? people / size : null);
      pairs.push({ a, b, people, shareOfA: share(entries[a]!.size), shareOfB: share(entries[b]!.size) });
    }
  return { items: entries, pairs, people: countIds(sets.reduce(union)) };
}

function dedupe(items: OverlapItem[]): OverlapItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(`${i.kind}:${i.id}`) && seen.add(`${i.kind}:${i.id}`));
}

export const overlapSampleInput = z.strictObject({
  a: overlapItem,
  b: overlapItem,
  limit: z.number().int().min(1).max(100).default(20),
});

export type OverlapPerson = { id: string; externalId: string | null; email: string | null; href: string };

/** A few people in both `a` and `b` (the drill-down), lowest id first, linking to their People pages. */
export async function overlapSample(actor: Actor, input: unknown): Promise<OverlapPerson[]> {
  requireRole(actor, "viewer");
  const parsed = overlapSampleInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid drill-down.");
  const { a, b, limit } = parsed.data;
  await resolve([a, b]);
  const { rows } = await pool().query<{ id: string; external_id: string | null; email: string | null }>(
    `SELECT p.id::text, p.external_id, p.email FROM profiles p
     WHERE NOT p.is_test AND p.id IN (${setSql(a, 1)}) AND p.id IN (${setSql(b, 2)})
     ORDER BY p.id LIMIT ${limit}`,
    [a.id, b.id],
  );
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, email: r.email, href: `/people/${r.id}` }));
}
