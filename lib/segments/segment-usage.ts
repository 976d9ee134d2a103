import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { referencedSegmentIds } from "@/lib/segments/references";
import { loadStoredSegments } from "@/lib/segments/store";

// What uses a segment: syncs that deliver it, suppression rules that hold its members out,
// and other segments whose rules say "in / not in" it. The segment page shows this before
// anyone asks to delete, and deleteSegment refuses with the same list.

export type SegmentUse = { kind: "sync" | "suppression rule" | "segment"; id: string; name: string; href: string };

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

export async function segmentUsage(id: string, client: Client = db()): Promise<SegmentUse[]> {
  const [syncs, rules, stored] = await Promise.all([
    client.sync.findMany({ where: { segmentId: id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    client.suppressionRule.findMany({ where: { segmentId: id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    loadStoredSegments(client),
  ]);
  const dependents = stored.filter((s) => s.id !== id && s.definition && referencedSegmentIds(s.definition).includes(id));
  return [
    ...syncs.map((s) => ({ kind: "sync" as const, id: s.id, name: s.name, href: `/syncs/${s.id}` })),
    ...rules.map((r) => ({ kind: "suppression rule" as const, id: r.id, name: r.name, href: "/suppression" })),
    ...dependents.map((s) => ({ kind: "segment" as const, id: s.id, name: s.name, href: `/segments/${s.id}` })),
  ];
}

/** "sync “A”, suppression rule “B” and segment “C”" */
export function usageText(uses: SegmentUse[]): string {
  const parts = uses.map((u) => `${u.kind} “${u.name}”`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
