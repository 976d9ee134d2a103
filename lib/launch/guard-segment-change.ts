import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { needsApproval, requestChange } from "@/lib/launch/request-change";
import { computeSegmentImpact, type AudienceImpact } from "@/lib/launch/segment-impact";
import { canonicalDefinition } from "@/lib/segments/canonical";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { segmentNames, storedDefinition } from "@/lib/segments/store";
import { versionChanges } from "@/lib/segments/version-diff";

// What updateSegment asks before it saves a change to a segment that feeds live syncs: the
// risky-edit guard (refuse a change that removes more than the workspace's share of any live
// audience, or empties one, unless the caller confirms), then approvals (an editor's change waits
// for an admin). Segments that feed no live sync pass straight through.

export type SegmentChange = {
  name?: string;
  description?: string | null;
  refreshIntervalMinutes?: number;
  definition: SegmentDefinition | null;
};
type Guarded = { pending: null } | { pending: string; segment: NonNullable<Awaited<ReturnType<typeof findSegment>>> };

const findSegment = (id: string) => db().segment.findUnique({ where: { id } });
const n = (v: number) => v.toLocaleString("en-US");

export async function guardLiveSegmentChange(actor: Actor, id: string, change: SegmentChange, confirmRisk: boolean): Promise<Guarded> {
  if (!(await db().sync.count({ where: { segmentId: id, state: "live" } }))) return { pending: null };
  const segment = await findSegment(id);
  if (!segment) return { pending: null }; // updateSegment says "not found"
  const previous = storedDefinition(segment.definition);
  const definitionChanged = !!change.definition && (!previous || canonicalDefinition(previous) !== canonicalDefinition(change.definition));
  const impact = definitionChanged ? await computeSegmentImpact(id, change.definition!) : null;
  if (impact?.risky && !confirmRisk)
    throw riskyChange(
      impact.audiences.filter((a) => a.risky),
      impact,
    );

  const fields = (["name", "description", "refreshIntervalMinutes"] as const).filter(
    (k) => change[k] !== undefined && (change[k] ?? null) !== (segment[k] ?? null),
  );
  if ((!definitionChanged && !fields.length) || !(await needsApproval(actor))) return { pending: null };
  const names = await segmentNames();
  const request = await requestChange(actor, {
    kind: "segment_change",
    entityType: "segment",
    entityId: id,
    title: `Change “${segment.name}”`,
    payload: {
      ...Object.fromEntries(fields.map((k) => [k, change[k]])),
      ...(definitionChanged && { definition: change.definition }),
    },
    diff: {
      fields: fields.map((k) => ({ field: k, before: segment[k], after: change[k] })),
      rules: definitionChanged ? versionChanges(previous, change.definition!, names) : [],
      audiences: impact?.audiences ?? [],
    },
  });
  return { pending: request.changeRequestId, segment };
}

function riskyChange(risky: AudienceImpact[], impact: { thresholdPercent: number; audiences: AudienceImpact[] }) {
  const lines = risky.map((a) => `“${a.syncName}” would lose ${n(a.removed)} of ${n(a.current)} people${a.after === 0 ? " (empty)" : ""}`);
  return new AppError(
    "conflict",
    `This change needs a confirmation: ${lines.join("; ")}. Check the definition, or confirm the change to save it.`,
    { riskyChange: true, thresholdPercent: impact.thresholdPercent, audiences: impact.audiences },
  );
}
