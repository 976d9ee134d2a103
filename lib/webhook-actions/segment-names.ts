import { db } from "@/lib/db";
import type { ActionTrigger } from "@/lib/webhook-actions/action-schemas";

/** The names of the segments these triggers name (deleted ones are simply absent). */
export async function segmentNames(triggers: ActionTrigger[]): Promise<Map<string, string>> {
  const ids = [...new Set(triggers.flatMap((t) => (t.kind === "event" ? [] : [t.segmentId])))];
  if (!ids.length) return new Map();
  const rows = await db().segment.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
