import { z } from "zod";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeEntry, describeExit } from "@/lib/segments/describe";
import { lintDefinition } from "@/lib/segments/lint";
import { segmentUsage } from "@/lib/segments/segment-usage";
import { findSegmentOrThrow, loadStoredSegments, segmentNames, storedDefinition } from "@/lib/segments/store";

// Read models for the segment pages and the API. Reads only; no role beyond signed in.

export async function listSegments() {
  const rows = await db().segment.findMany({
    orderBy: { name: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { summary: true } }, _count: { select: { syncs: true } } },
  });
  return rows.map(({ versions, _count, ...s }) => ({ ...s, summary: versions[0]?.summary ?? null, syncCount: _count.syncs }));
}

export async function getSegment(id: string) {
  const segment = await findSegmentOrThrow(id);
  const definition = storedDefinition(segment.definition);
  const [names, stored, usedBy] = await Promise.all([segmentNames(), loadStoredSegments(), segmentUsage(id)]);
  return {
    ...segment,
    definitionValid: definition !== null,
    entry: definition ? describeEntry(definition, { segmentNames: names }) : null,
    exit: definition ? describeExit(definition) : null,
    lints: definition ? lintDefinition(definition, { others: stored.filter((s) => s.id !== id) }) : [],
    /** What would break if it were deleted (shown before anyone confirms a delete). */
    usedBy,
  };
}

/** Every version, newest first, with who saved it (users by email; tokens and jobs by their audit label). */
export async function segmentVersions(id: string) {
  const [versions, audit] = await Promise.all([
    db().segmentVersion.findMany({ where: { segmentId: id }, orderBy: { version: "desc" } }),
    db().auditLog.findMany({
      where: { entityType: "segment", entityId: id },
      orderBy: { id: "asc" },
      select: { actorLabel: true, after: true },
    }),
  ]);
  const byVersion = new Map<number, string>();
  for (const a of audit) {
    const v = (a.after as { version?: number } | null)?.version;
    if (typeof v === "number" && !byVersion.has(v)) byVersion.set(v, a.actorLabel);
  }
  return versions.map((v) => ({
    version: v.version,
    summary: v.summary,
    definition: v.definition,
    createdAt: v.createdAt,
    author: byVersion.get(v.version) ?? "unknown",
  }));
}

/** Size after each refresh, for the chart (at most the last `days`). */
export async function segmentSizeHistory(id: string, days = 30) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db().metricSnapshot.findMany({
    where: { segmentId: id, syncId: null, takenAt: { gte: since } },
    orderBy: { takenAt: "asc" },
    select: { takenAt: true, segmentSize: true, figures: true },
  });
  return rows.map((r) => {
    const f = (r.figures ?? {}) as { entered?: number; exited?: number; capped?: number };
    return { at: r.takenAt.toISOString(), size: r.segmentSize ?? 0, entered: f.entered ?? 0, exited: (f.exited ?? 0) + (f.capped ?? 0) };
  });
}

export const membersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Opaque: the previous page's nextCursor. */
  cursor: z.string().max(100).optional(),
});

const cursorOf = (profileId: string) => Buffer.from(`p${profileId}`).toString("base64url");
function parseCursor(cursor: string): string {
  const raw = Buffer.from(cursor, "base64url").toString();
  if (!/^p\d{1,19}$/.test(raw)) throw new AppError("bad_request", "That cursor is not one we issued; start again without it.");
  return raw.slice(1);
}

const MEMBER_COLUMNS = `m.profile_id::text AS profile_id, to_char(m.entered_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS entered_at,
  p.external_id, p.email, p.phone, p.attributes ->> 'first_name' AS first_name`;
type MemberRow = {
  profile_id: string;
  entered_at: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
};
const member = (r: MemberRow) => ({
  profileId: r.profile_id,
  externalId: r.external_id,
  email: r.email,
  phone: r.phone,
  firstName: r.first_name,
  enteredAt: r.entered_at,
});

/**
 * All members, paged by profile id (the primary key's order, so every page is an index
 * range scan however large the segment), each with when they entered.
 */
export async function segmentMembers(id: string, query: z.infer<typeof membersQuery>) {
  const segment = await findSegmentOrThrow(id);
  const after = query.cursor ? parseCursor(query.cursor) : "0";
  const { rows } = await pool().query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id
     WHERE m.segment_id = $1 AND m.profile_id > $2::bigint ORDER BY m.profile_id LIMIT ${query.limit + 1}`,
    [id, after],
  );
  const page = rows.slice(0, query.limit);
  return {
    total: segment.size,
    members: page.map(member),
    nextCursor: rows.length > query.limit ? cursorOf(page.at(-1)!.profile_id) : null,
  };
}

/** The people who entered most recently, for the segment page. */
export async function newestMembers(id: string, limit = 25) {
  const { rows } = await pool().query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id
     WHERE m.segment_id = $1 ORDER BY m.entered_at DESC, m.profile_id DESC LIMIT $2`,
    [id, limit],
  );
  return rows.map(member);
}

/** Entries and exits in the last `hours`, for the segment page. */
export async function recentTransitions(id: string, hours = 24) {
  const { rows } = await pool().query(
    `SELECT kind, reason, count(*)::int AS n FROM segment_transitions WHERE segment_id = $1 AND at > (now() AT TIME ZONE 'UTC') - make_interval(hours => $2) GROUP BY 1, 2 ORDER BY 1, 2`,
    [id, hours],
  );
  return rows as { kind: "enter" | "exit"; reason: string; n: number }[];
}
