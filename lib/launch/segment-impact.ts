import type pg from "pg";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { db, inTransaction, rollback } from "@/lib/db";
import { launchSettings } from "@/lib/launch/launch-settings";
import { populationOnlySql } from "@/lib/people/population";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";
import { tuneSession } from "@/lib/segments/sql/session";
import { AppError } from "@/lib/errors";
import { canonicalDefinition } from "@/lib/segments/canonical";
import { definitionOrBadRequest, storedDefinition } from "@/lib/segments/store";
import { suppressionSegmentIds } from "@/lib/suppression/rules-in-scope";
import { effectiveIdentifiers } from "@/lib/sync/load-sync";
import { classifiedSql } from "@/lib/sync/plan-sql";

// The risky-edit guard's figures: for each live sync of a segment, who its audience would gain and
// lose if the segment's definition changed to `definition`. The new definition's members go into a
// temp table and both sides are classified by the sync plan's own SQL (suppression, cap, identifiers,
// holdout), so "would remove 420" is what the next run would actually remove. Nothing is written.

export type AudienceImpact = {
  syncId: string;
  syncName: string;
  destination: string;
  platform: string;
  mode: "mirror" | "add_only";
  /** The audience the sync should have now (its desired set under the current definition). */
  current: number;
  after: number;
  added: number;
  /** People a run would remove (0 for add-only syncs: leavers stay in those audiences). */
  removed: number;
  minimum: number | null;
  belowMinimum: boolean;
  /** removed / current, 0..1. */
  removedShare: number;
  risky: boolean;
  reason: string | null;
};

export type SegmentImpact = { audiences: AudienceImpact[]; risky: boolean; thresholdPercent: number };

/** For the editor's save dialog: the impact of saving `input`, or no audiences when the meaning did not change. */
export async function segmentChangeImpact(actor: Actor, segmentId: string, input: unknown): Promise<SegmentImpact> {
  requireRole(actor, "viewer");
  const definition = definitionOrBadRequest(input);
  const segment = await db().segment.findUnique({ where: { id: segmentId }, select: { definition: true } });
  if (!segment) throw new AppError("not_found", "No such segment.");
  const previous = storedDefinition(segment.definition);
  if (previous && canonicalDefinition(previous) === canonicalDefinition(definition))
    return { audiences: [], risky: false, thresholdPercent: (await launchSettings()).riskyRemovalPercent };
  return computeSegmentImpact(segmentId, definition);
}

export async function computeSegmentImpact(segmentId: string, definition: SegmentDefinition): Promise<SegmentImpact> {
  const { riskyRemovalPercent } = await launchSettings();
  const syncs = await db().sync.findMany({
    where: { segmentId, state: "live" },
    include: { destination: { select: { name: true, kind: true } }, segment: { select: { capDays: true } } },
    orderBy: { name: "asc" },
  });
  if (!syncs.length) return { audiences: [], risky: false, thresholdPercent: riskyRemovalPercent };
  await catchUpEventRollup();
  // Rolled back: the temp tables are scratch space, and nothing else is written.
  return inTransaction(async (client) => {
    await tuneSession(client);
    const compiled = compileSegment(definition, { now: Date.now() });
    const sid = compiled.params.length + 1;
    // Same columns as segment_memberships; a person already in keeps their entry time (the cap counts from it).
    await client.query(
      `CREATE TEMP TABLE guard_members ON COMMIT DROP AS
       SELECT $${sid}::text AS segment_id, n.profile_id, coalesce(m.entered_at, now()) AS entered_at
         FROM (${populationOnlySql(membersSql(compiled))}) n
         LEFT JOIN segment_memberships m ON m.segment_id = $${sid} AND m.profile_id = n.profile_id`,
      [...compiled.params, segmentId],
    );
    const audiences: AudienceImpact[] = [];
    for (const s of syncs) {
      const connector = connectorFor(s.destination.kind as DestinationKind) as Connector<unknown, unknown>;
      const identifiers = effectiveIdentifiers(s.identifiers, connector.supportedIdentifiers);
      const params = [s.id, segmentId, await suppressionSegmentIds(client, s.id), s.capDays ?? s.segment.capDays ?? null, s.holdoutPercent];
      const newParams = [...params.slice(0, 3), s.capDays ?? definition.cap?.days ?? null, s.holdoutPercent];
      const figures = await diff(client, identifiers, params, newParams);
      const removed = s.mode === "mirror" ? figures.removed : 0;
      // An add-only audience keeps everyone it was ever sent: it only grows.
      if (s.mode !== "mirror") figures.after = figures.current + figures.added;
      const minimum = connector.minimumAudienceSize ?? null;
      const removedShare = figures.current ? removed / figures.current : 0;
      const belowMinimum = minimum != null && figures.after < minimum && figures.after < figures.current;
      const emptied = figures.current > 0 && figures.after === 0;
      const tooMany = removedShare * 100 > riskyRemovalPercent;
      audiences.push({
        syncId: s.id,
        syncName: s.name,
        destination: s.destination.name,
        platform: connector.label,
        mode: s.mode,
        ...figures,
        removed,
        minimum,
        belowMinimum,
        removedShare,
        risky: emptied || tooMany,
        reason: emptied
          ? "It would empty this live audience."
          : tooMany
            ? `It would remove ${Math.round(removedShare * 100)}% of this live audience (more than ${riskyRemovalPercent}%).`
            : null,
      });
    }
    return rollback({ audiences, risky: audiences.some((a) => a.risky), thresholdPercent: riskyRemovalPercent });
  });
}

async function diff(client: pg.PoolClient, identifiers: ReturnType<typeof effectiveIdentifiers>, params: unknown[], newParams: unknown[]) {
  const desired = (members?: string) =>
    `SELECT profile_id FROM (${classifiedSql({ identifiers, rejections: true, members })}) c WHERE status = 'desired'`;
  await client.query(`CREATE TEMP TABLE guard_now ON COMMIT DROP AS ${desired()}`, params);
  await client.query(`CREATE TEMP TABLE guard_next ON COMMIT DROP AS ${desired("guard_members")}`, newParams);
  const { rows } = await client.query<{ current: number; after: number; added: number; removed: number }>(
    `SELECT (SELECT count(*) FROM guard_now)::int AS current, (SELECT count(*) FROM guard_next)::int AS after,
            (SELECT count(*) FROM guard_next n WHERE NOT EXISTS (SELECT 1 FROM guard_now c WHERE c.profile_id = n.profile_id))::int AS added,
            (SELECT count(*) FROM guard_now c WHERE NOT EXISTS (SELECT 1 FROM guard_next n WHERE n.profile_id = c.profile_id))::int AS removed`,
  );
  await client.query("DROP TABLE guard_now; DROP TABLE guard_next");
  return rows[0]!;
}
