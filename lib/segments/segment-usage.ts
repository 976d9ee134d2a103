import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { referencedSegmentIds } from "@/lib/segments/references";
import { loadStoredSegments } from "@/lib/segments/store";

// What uses a segment: syncs that deliver it, suppression rules that hold its members out,
// other segments whose rules say "in / not in" it, and webhook actions fired when a person
// enters or leaves it. The segment page shows this ("Used by", and before anyone asks to
// delete), GET /api/v1/segments/{id}/used-by returns it, and deleteSegment refuses with it.

export type SegmentUse = { kind: "sync" | "suppression rule" | "segment" | "webhook action"; id: string; name: string; href: string };

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

export async function segmentUsage(id: string, client: Client = db()): Promise<SegmentUse[]> {
  const [syncs, rules, stored, actions] = await Promise.all([
    client.sync.findMany({ where: { segmentId: id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    client.suppressionRule.findMany({ where: { segmentId: id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    loadStoredSegments(client),
    // Enter/exit triggers name the segment in trigger.segmentId (lib/webhook-actions/action-schemas.ts).
    client.webhookAction.findMany({
      where: { trigger: { path: ["segmentId"], equals: id } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const dependents = stored.filter((s) => s.id !== id && s.definition && referencedSegmentIds(s.definition).includes(id));
  return [
    ...syncs.map((s) => ({ kind: "sync" as const, id: s.id, name: s.name, href: `/syncs/${s.id}` })),
    ...rules.map((r) => ({ kind: "suppression rule" as const, id: r.id, name: r.name, href: "/suppression" })),
    ...dependents.map((s) => ({ kind: "segment" as const, id: s.id, name: s.name, href: `/segments/${s.id}` })),
    ...actions.map((a) => ({ kind: "webhook action" as const, id: a.id, name: a.name, href: `/webhook-actions/${a.id}` })),
  ];
}

/** "sync “A”, suppression rule “B” and segment “C”" */
export function usageText(uses: SegmentUse[]): string {
  const parts = uses.map((u) => `${u.kind} “${u.name}”`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
