import { bigintCursor, type PageQuery } from "@/lib/api/paging";
import { db, pool } from "@/lib/db";
import { listAttempts } from "@/lib/delivery/attempts";
import { listDeadLetters } from "@/lib/delivery/dead-letters";
import { AppError } from "@/lib/errors";
import { actionChanges } from "@/lib/webhook-actions/action-changes";
import { actionFigures, type ActionFigures } from "@/lib/webhook-actions/action-figures";
import { actionDefinitionSchema } from "@/lib/webhook-actions/action-schemas";
import { actionView, definitionOf, type ActionView } from "@/lib/webhook-actions/action-view";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// One action with its status and figures, and its ledger records (attempts, dead letters) and
// versions, each a 404 for an action that does not exist rather than an empty list.

export type ListedAction = ActionView & { figures: ActionFigures };

export async function getAction(actionId: string): Promise<ListedAction> {
  const row = await db().webhookAction.findUnique({ where: { id: actionId } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
  const [names, figures] = await Promise.all([segmentNames([definitionOf(row).trigger]), actionFigures([actionId])]);
  return { ...actionView(row, names), figures: figures.get(actionId)! };
}

async function assertExists(actionId: string) {
  const row = await db().webhookAction.findUnique({ where: { id: actionId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
}

/**
 * Newest first: every request made, with its outcome, status, latency and the (redacted) response,
 * and `test` for a simulator's test send (its queued delivery or, once delivered, its audit entry says so).
 */
export async function actionAttempts(actionId: string, page: PageQuery) {
  bigintCursor(page.cursor); // a cursor we did not issue is a 400, before any query
  await assertExists(actionId);
  const { attempts, nextCursor } = await listAttempts(actionId, page);
  const batchIds = [...new Set(attempts.map((a) => a.batchId))];
  const { rows } = batchIds.length
    ? await pool().query<{ batch_id: string }>(
        // A delivered test's outbox row is gone; its audit entry (webhook_action.test_sent) keeps the batch id.
        `SELECT batch_id FROM deliveries WHERE endpoint_id = $1 AND batch_id = ANY($2::text[]) AND (payload->>'test')::boolean
         UNION
         SELECT after->>'batchId' FROM audit_logs
          WHERE action = 'webhook_action.test_sent' AND entity_type = 'webhook_action' AND entity_id = $1
            AND after->>'batchId' = ANY($2::text[])`,
        [actionId, batchIds],
      )
    : { rows: [] };
  const tests = new Set(rows.map((r) => r.batch_id));
  return { attempts: attempts.map((a) => ({ ...a, test: tests.has(a.batchId) })), nextCursor };
}

/** Newest first, each with whose request it was and what fired it (from the rendered payload). */
export async function actionDeadLetters(actionId: string, page: PageQuery) {
  bigintCursor(page.cursor);
  await assertExists(actionId);
  const { deadLetters, nextCursor } = await listDeadLetters(actionId, page);
  const { rows } = deadLetters.length
    ? await pool().query<{ id: string; label: string | null; trigger: string | null; test: boolean; version: number | null }>(
        `SELECT d.id::text, COALESCE(p.external_id, p.email) AS label, d.payload->>'trigger' AS trigger,
                COALESCE((d.payload->>'test')::boolean, false) AS test, (d.payload->>'version')::int AS version
           FROM deliveries d LEFT JOIN profiles p ON d.ordering_key = 'p:' || p.id::text
          WHERE d.id = ANY($1::bigint[])`,
        [deadLetters.map((d) => d.deliveryId)],
      )
    : { rows: [] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    deadLetters: deadLetters.map(({ eventName: _n, occurredAt: _o, ...d }) => {
      const r = byId.get(d.deliveryId);
      return {
        ...d,
        personLabel: r?.label ?? (d.person.startsWith("p:") ? "a deleted person" : d.person),
        trigger: r?.trigger ?? null,
        test: r?.test ?? false,
        version: r?.version ?? null,
      };
    }),
    nextCursor,
  };
}

/** Newest first: every version of what the action sends, who saved it, and what changed from the one before. */
export async function actionVersions(actionId: string) {
  await assertExists(actionId);
  const rows = await db().webhookActionVersion.findMany({ where: { actionId }, orderBy: { version: "asc" } });
  const defs = rows.map((r) => actionDefinitionSchema.safeParse(r.definition));
  const names = await segmentNames(defs.flatMap((d) => (d.success ? [d.data.trigger] : [])));
  return rows
    .map((r, i) => {
      const was = i > 0 ? defs[i - 1]! : null;
      const now = defs[i]!;
      const changes =
        i === 0
          ? [{ field: "Version", text: "First version" }]
          : was?.success && now.success
            ? actionChanges(was.data, now.data, names)
            : [{ field: "Version", text: "Changed (an older version could not be read)" }];
      return {
        version: r.version,
        definition: r.definition as Record<string, unknown>,
        createdBy: r.createdBy,
        createdAt: r.createdAt,
        changes,
      };
    })
    .reverse();
}
