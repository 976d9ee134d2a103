import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { logger } from "@/lib/logger";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { parseHuman } from "@/lib/validation/human-issue";

// Test profiles (issue 14 item 1): internal people a validation run may send to a real audience.
// Marked by a plus-address prefix (qa+1@…, qa+2@…), an internal email domain, a list of ids, or
// created synthetic through the normal ingest path (so their identifiers are normalized and
// hashed like anyone's). Marking takes them out of segments at once: the segments they were in
// are refreshed, and the population rule (lib/people/population.ts) leaves them out, so sizes and
// live audiences stay true.

/** Marking more than this at once is almost certainly a mistake (a real domain, a broad prefix). */
export const MAX_MARK = 500;

// A pasted CSV column or a JSON list; parsing the parsed form again gives the same list.
const idList = z
  .union([z.string().max(20_000), z.array(z.string().max(200)).max(MAX_MARK)])
  .transform((s) => [...new Set((typeof s === "string" ? s.split(/[\s,;]+/) : s).map((v) => v.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200)).min(1, "List at least one id").max(MAX_MARK, `List at most ${MAX_MARK} ids`));

export const markTestProfilesSchema = z.discriminatedUnion("by", [
  z.object({
    by: z.literal("plus_prefix"),
    prefix: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{1,40}$/, "Use letters, digits, dots, dashes or underscores, like qa")
      .meta({ label: "Address prefix" }),
  }),
  z.object({
    by: z.literal("domain"),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Enter a domain like yourcompany.com")
      .meta({ label: "Email domain" }),
  }),
  z.object({ by: z.literal("ids"), ids: idList.meta({ label: "Profile ids" }) }),
  z.object({
    by: z.literal("create"),
    count: z.number().int().min(1).max(50).meta({ label: "How many" }),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Enter a domain like yourcompany.com")
      .default("example.com")
      .meta({ label: "Email domain" }),
  }),
]);
export type MarkTestProfilesInput = z.input<typeof markTestProfilesSchema>;

export type MarkResult = { marked: number; alreadyTest: number; created: number; segmentsRefreshed: number };

export async function markTestProfiles(actor: Actor, input: MarkTestProfilesInput): Promise<MarkResult> {
  requireRole(actor, "editor");
  const data = parseHuman(markTestProfilesSchema, input);
  let created = 0;
  let ids: string[];
  if (data.by === "create") {
    ids = await createSynthetic(data.count, data.domain);
    created = ids.length;
  } else {
    ids = await matching(data);
  }
  if (!ids.length) throw new AppError("validation_failed", "Nobody matches: no profile was marked.");
  if (ids.length > MAX_MARK) {
    throw new AppError(
      "validation_failed",
      `That matches ${ids.length.toLocaleString("en-US")} profiles; mark at most ${MAX_MARK} at once. Narrow it down.`,
    );
  }
  const { rows } = await pool().query<{ id: string; was: boolean }>(
    `UPDATE profiles p SET is_test = true, updated_at = now() FROM (SELECT id, is_test AS was FROM profiles WHERE id = ANY($1::bigint[]) FOR UPDATE) o
      WHERE p.id = o.id RETURNING p.id::text, o.was`,
    [`{${ids.join(",")}}`],
  );
  const newly = rows.filter((r) => !r.was).map((r) => r.id);
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: "test_profiles.marked",
      entityType: "profile",
      after: { by: data.by, marked: newly.length, created, ids: newly.slice(0, 100) },
    }),
  );
  return { marked: newly.length, alreadyTest: rows.length - newly.length, created, segmentsRefreshed: await refreshSegmentsOf(newly) };
}

export async function unmarkTestProfiles(actor: Actor, input: { ids: string | string[] }): Promise<{ unmarked: number }> {
  requireRole(actor, "editor");
  const ids = parseHuman(z.object({ ids: idList }), input).ids.filter((id) => /^\d{1,18}$/.test(id));
  const { rowCount } = await pool().query(
    "UPDATE profiles SET is_test = false, updated_at = now() WHERE is_test AND id = ANY($1::bigint[])",
    [`{${ids.join(",")}}`],
  );
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: "test_profiles.unmarked",
      entityType: "profile",
      after: { ids: ids.slice(0, 100), unmarked: rowCount },
    }),
  );
  return { unmarked: rowCount ?? 0 };
}

async function matching(data: z.output<typeof markTestProfilesSchema>): Promise<string[]> {
  const q = (sql: string, params: unknown[]) => pool().query<{ id: string }>(`${sql} LIMIT ${MAX_MARK + 1}`, params);
  const escape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const { rows } =
    data.by === "plus_prefix"
      ? await q("SELECT id::text FROM profiles WHERE email LIKE $1 ORDER BY id", [`${escape(data.prefix)}+%@%`])
      : data.by === "domain"
        ? await q("SELECT id::text FROM profiles WHERE email LIKE $1 ORDER BY id", [`%@${escape(data.domain)}`])
        : data.by === "ids"
          ? await q("SELECT id::text FROM profiles WHERE id::text = ANY($1::text[]) OR external_id = ANY($1::text[]) ORDER BY id", [
              data.ids,
            ])
          : { rows: [] };
  return rows.map((r) => r.id);
}

/** N new people through the ingest path: qa+<stamp>-<n>@domain with an external id, then marked. */
async function createSynthetic(count: number, domain: string): Promise<string[]> {
  const stamp = Date.now().toString(36);
  const people = Array.from({ length: count }, (_, i) => ({ externalId: `qa-${stamp}-${i + 1}`, email: `qa+${stamp}-${i + 1}@${domain}` }));
  await writeMessages(
    people.map((p) => ({ externalId: p.externalId, anonymousId: null, email: p.email, traits: { test_profile: true } })),
    { sourceId: null, receivedAt: new Date() },
  );
  const { rows } = await pool().query<{ id: string }>("SELECT id::text FROM profiles WHERE external_id = ANY($1::text[]) ORDER BY id", [
    people.map((p) => p.externalId),
  ]);
  return rows.map((r) => r.id);
}

/** Refreshes every segment these people are members of, so they leave it now, not at the next refresh. */
async function refreshSegmentsOf(ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const { rows } = await pool().query<{ segment_id: string }>(
    "SELECT DISTINCT segment_id FROM segment_memberships WHERE profile_id = ANY($1::bigint[])",
    [`{${ids.join(",")}}`],
  );
  for (const r of rows) {
    await refreshSegment(r.segment_id, { trigger: "manual" }).catch((e) =>
      logger.warn({ err: e, segmentId: r.segment_id }, "refresh after marking test profiles failed"),
    );
  }
  return rows.length;
}

export type TestProfile = { id: string; email: string | null; phone: string | null; externalId: string | null; sendable: string[] };

export async function listTestProfiles(): Promise<TestProfile[]> {
  const rows = await db().profile.findMany({
    where: { isTest: true },
    orderBy: { id: "asc" },
    take: 1000,
    select: { id: true, email: true, emailSha256: true, phone: true, phoneSha256: true, phoneValid: true, externalId: true },
  });
  return rows.map((r) => ({
    id: String(r.id),
    email: r.email,
    phone: r.phone,
    externalId: r.externalId,
    sendable: [
      ...(r.emailSha256 ? ["email"] : []),
      ...(r.phoneSha256 && r.phoneValid !== false ? ["phone"] : []),
      ...(r.externalId ? ["external_id"] : []),
    ],
  }));
}
