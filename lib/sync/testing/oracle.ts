import { db, pool } from "@/lib/db";

// The desired audience, computed the slow and obvious way (plain reads, filtering in JS), so the
// engine's set-based SQL is checked against something that shares none of its code.
export async function desiredOracle(syncId: string): Promise<{ desired: Set<string>; suppressed: Set<string> }> {
  const sync = await db().sync.findUniqueOrThrow({ where: { id: syncId }, include: { segment: true, suppressionLinks: true } });
  const rules = await db().suppressionRule.findMany({ where: { enabled: true } });
  const inScope = rules.filter((r) =>
    r.scope === "all_promotional" ? sync.promotional : sync.suppressionLinks.some((l) => l.ruleId === r.id),
  );
  const { rows: members } = await pool().query<{
    id: string;
    entered_at: Date;
    email_sha256: string | null;
    phone_sha256: string | null;
    phone_valid: boolean | null;
    external_id: string | null;
    held: boolean;
  }>(
    `SELECT m.profile_id::text AS id, m.entered_at, p.email_sha256, p.phone_sha256, p.phone_valid, p.external_id,
       mod(mod(hashtextextended($2 || ':' || m.profile_id, 0), 10000) + 10000, 10000) < $3 * 100 AS held
     FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id WHERE m.segment_id = $1`,
    [sync.segmentId, sync.id, sync.holdoutPercent],
  );
  const { rows: sup } = await pool().query<{ id: string }>(
    "SELECT profile_id::text AS id FROM segment_memberships WHERE segment_id = ANY($1::text[])",
    [inScope.map((r) => r.segmentId)],
  );
  const suppressed = new Set(sup.map((r) => r.id));
  // A refusal holds only while the person would be sent the identifiers that were refused: once
  // they change (a new email, a phone that became valid), the person is desired again.
  const { rows: rej } = await pool().query<{ id: string; ids: string }>(
    `SELECT profile_id::text AS id, concat_ws('|', coalesce(email_sha256, ''), coalesce(phone_sha256, ''), coalesce(external_id, '')) AS ids
       FROM sync_rejections WHERE sync_id = $1 AND rejected_at > now() - interval '1 day'`,
    [syncId],
  );
  const refusedIds = new Map(rej.map((r) => [r.id, r.ids]));
  const sent = (m: (typeof members)[number]) =>
    [
      sync.identifiers.includes("email") ? m.email_sha256 : null,
      sync.identifiers.includes("phone") && m.phone_valid !== false ? m.phone_sha256 : null,
      sync.identifiers.includes("external_id") ? m.external_id : null,
    ]
      .map((v) => v ?? "")
      .join("|");
  const cap = sync.capDays ?? sync.segment.capDays;
  const desired = new Set<string>();
  for (const m of members) {
    if (suppressed.has(m.id)) continue;
    if (cap !== null && m.entered_at.getTime() < Date.now() - cap * 86_400_000) continue;
    const has = sync.identifiers.some((k) =>
      k === "email" ? m.email_sha256 : k === "phone" ? m.phone_valid !== false && m.phone_sha256 : m.external_id,
    );
    if (!has || m.held || refusedIds.get(m.id) === sent(m)) continue;
    desired.add(m.id);
  }
  return { desired, suppressed };
}

export const sorted = (s: Iterable<string>) => [...s].sort((a, b) => Number(a) - Number(b));
