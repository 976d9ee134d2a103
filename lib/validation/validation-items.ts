import type { AudienceItem, IdentifierKind } from "@/lib/connectors/contract";
import { toItem, type PlanRow } from "@/lib/sync/batch-source";
import { column } from "@/lib/sync/plan-sql";
import type { Queryable } from "@/lib/sync/sql";

// The chosen test profiles as the sync would send them: the same identifier columns the plan
// picks (lib/sync/plan-sql.ts: email hash, a sendable phone's hash, external id, in the sync's
// preference order) and the same row → item mapping the engine uses (batch-source.ts toItem), so
// a validation run exercises the sync's own identifiers, normalization and hashing.

export type TestItem = { item: AudienceItem; profileId: string; label: string; isTest: boolean };

export async function loadTestItems(q: Queryable, profileIds: string[], identifiers: IdentifierKind[]): Promise<TestItem[]> {
  const pick = (k: IdentifierKind) => (identifiers.includes(k) ? column[k].expr : "NULL::text");
  const primary = identifiers.map((k) => `WHEN ${column[k].expr} IS NOT NULL THEN '${k}'`).join(" ");
  const { rows } = await q.query<PlanRow & { label: string; is_test: boolean }>(
    `SELECT pr.id::text AS profile_id, ${pick("email")} AS e, ${pick("phone")} AS p, ${pick("external_id")} AS x,
            ${primary ? `CASE ${primary} ELSE '' END` : "''"} AS k,
            ${identifiers.includes("email") ? "pr.email" : "NULL::text"} AS email,
            ${identifiers.includes("phone") ? "pr.phone" : "NULL::text"} AS phone,
            coalesce(pr.email, pr.phone, pr.external_id, 'profile ' || pr.id) AS label, pr.is_test
       FROM profiles pr WHERE pr.id = ANY($1::bigint[]) ORDER BY pr.id`,
    [`{${profileIds.join(",")}}`],
  );
  return rows.map((r) => ({ item: toItem(r), profileId: r.profile_id, label: r.label, isTest: r.is_test }));
}

/** Has at least one identifier the sync sends. */
export const sendable = (t: TestItem) => !!(t.item.email || t.item.phone || t.item.externalId);
