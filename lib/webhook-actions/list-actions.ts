import { db } from "@/lib/db";
import { actionFigures } from "@/lib/webhook-actions/action-figures";
import { actionView, definitionOf } from "@/lib/webhook-actions/action-view";
import type { ListedAction } from "@/lib/webhook-actions/get-action";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// The Webhook actions list: every action with its status and figures from the one model
// (action-figures.ts), the same the action's page and the API show. Oldest first.

export async function listActions(): Promise<ListedAction[]> {
  const rows = await db().webhookAction.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const [names, figures] = await Promise.all([
    segmentNames(rows.map((r) => definitionOf(r).trigger)),
    actionFigures(rows.map((r) => r.id)),
  ]);
  return rows.map((r) => ({ ...actionView(r, names), figures: figures.get(r.id)! }));
}
