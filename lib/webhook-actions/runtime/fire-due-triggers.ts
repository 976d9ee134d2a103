import type pg from "pg";
import { pool, rollback, transactionOn } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { actionRequestSchema, type ActionRequest } from "@/lib/webhook-actions/action-schemas";
import { openActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { ACTION_PAYLOAD_VERSION, actionOrderingKey, type ActionPayload } from "@/lib/webhook-actions/runtime/action-payload";
import { renderTriggers, type DueTrigger } from "@/lib/webhook-actions/runtime/render-triggers";

// Triggers whose delay is over become requests in the ledger. A worker claims a chunk of due
// pending triggers of live actions (FOR UPDATE SKIP LOCKED: each goes to one worker) and decides
// every one in ONE transaction with the outbox rows it writes, so a crash leaves them pending:
//   1. a delayed segment trigger goes only if the person is still in the segment (entry) or
//      still out of it (exit); else it is skipped `left_segment` / `back_in_segment`;
//   2. the request is rendered (wa-liquid); a template error is skipped `render_failed: …`;
//   3. the frequency limit: one atomic upsert on webhook_action_person_fires per person claims the
//      right to fire (only when the last fire is older than the limit), so two workers deciding
//      two triggers of the same person cannot both fire; the loser is skipped `frequency_limit`;
//   4. the rendered request (secrets still markers) is enqueued, ordered per person, and the
//      trigger is marked enqueued with its delivery id.
// A paused action's triggers are not claimed: they stay pending (held) until it is live again.

export const DEFAULT_CHUNK = 5_000;
/** One call decides chunks for at most this long, so the delivery loop still gets to sending. */
const TIME_BUDGET_MS = 1_000;

export type FireOptions = {
  chunkSize?: number;
  /** Only these actions (the bench and tests); all live actions by default. */
  actionIds?: string[];
  /** Called with the chunk's transaction just before COMMIT (tests use it to prove two workers overlap). */
  beforeCommit?: (client: pg.PoolClient) => Promise<void>;
};

/** Where a chunk's time went (ms), for the bench: the claim, loading scopes, Liquid, the outbox insert, the rest (frequency, update, commit). */
export type FirePhases = { claim: number; scopes: number; liquid: number; enqueue: number; rest: number };
export type FireCounts = { enqueued: number; skipped: number; renderMs: number; phases: FirePhases };

const CLAIM = `
SELECT t.id::text, t.action_id, t.profile_id::text, t.source, t.event_id::text, t.transition_id::text, t.segment_id, t.due_at
  FROM webhook_action_triggers t JOIN webhook_actions a ON a.id = t.action_id AND a.state = 'live'
 WHERE t.state = 'pending' AND t.due_at <= now() AND ($2::text[] IS NULL OR t.action_id = ANY($2::text[]))
 ORDER BY t.due_at, t.id
 LIMIT $1
 FOR UPDATE OF t SKIP LOCKED`;

/** A claimed trigger row, before its action's request and secret names are joined on (renderTriggers' input). */
type ClaimedRow = Omit<DueTrigger, "request" | "secretNames">;

type RuntimeAction = {
  id: string;
  name: string;
  version: number;
  delaySeconds: number;
  frequencyLimitSeconds: number | null;
  request: ActionRequest;
  secretNames: string[];
};

type Decision = { id: string; state: "enqueued" | "skipped"; reason: string | null; deliveryId: string | null };

/** Decides due triggers chunk by chunk (up to about a second); returns how many it decided. */
export async function fireDueTriggers(opts: FireOptions = {}): Promise<number> {
  const started = Date.now();
  let total = 0;
  for (;;) {
    const counts = await fireChunk(opts);
    const n = counts.enqueued + counts.skipped;
    total += n;
    if (n < (opts.chunkSize ?? DEFAULT_CHUNK) || Date.now() - started > TIME_BUDGET_MS) return total;
  }
}

/** One chunk in one transaction. */
export async function fireChunk(opts: FireOptions = {}): Promise<FireCounts> {
  // Checked out here, not by inTransaction: the phases are timed from BEGIN to after COMMIT, as the bench has always reported them.
  const client = await pool().connect();
  try {
    const t0 = performance.now();
    const chunk = await transactionOn(client, async () => {
      const { rows } = await client.query<ClaimedRow>(CLAIM, [opts.chunkSize ?? DEFAULT_CHUNK, opts.actionIds ?? null]);
      if (!rows.length) return rollback(null);
      const claimMs = performance.now() - t0;
      const actions = await loadActions(client, [...new Set(rows.map((r) => r.action_id))]);
      const decisions = new Map<string, Decision>();
      const skip = (id: string, reason: string) => decisions.set(id, { id, state: "skipped", reason, deliveryId: null });

      // 1. Still in (or out of) the segment after the delay?
      const delayed = rows.filter((r) => r.source !== "event" && r.segment_id && (actions.get(r.action_id)?.delaySeconds ?? 0) > 0);
      if (delayed.length) {
        const members = await stillMembers(client, delayed);
        for (const r of delayed) {
          const member = members.has(r.id);
          if (r.source === "enter" && !member) skip(r.id, "left_segment");
          if (r.source === "exit" && member) skip(r.id, "back_in_segment");
        }
      }

      // 2. Render what is left.
      const due: DueTrigger[] = [];
      for (const r of rows) {
        const action = actions.get(r.action_id);
        if (!action) skip(r.id, "render_failed: the action's definition could not be read");
        else if (!decisions.has(r.id)) due.push({ ...r, request: action.request, secretNames: action.secretNames });
      }
      const renderStarted = performance.now();
      const timing = { scopesMs: 0 };
      const rendered = await renderTriggers(client, due, timing);
      const renderMs = performance.now() - renderStarted;
      const ready: { row: ClaimedRow; payload: ActionPayload }[] = [];
      for (const r of due) {
        const result = rendered.get(r.id)!;
        if (!result.ok) {
          skip(r.id, `render_failed: ${result.problem}`);
          continue;
        }
        const action = actions.get(r.action_id)!;
        ready.push({
          row: r,
          payload: {
            v: ACTION_PAYLOAD_VERSION,
            actionId: action.id,
            version: action.version,
            triggerId: r.id,
            profileId: r.profile_id,
            externalId: result.externalId,
            test: false,
            trigger: r.source,
            request: result.request,
          },
        });
      }

      // 3. The frequency limit.
      const allowed = await claimFires(client, ready, actions, skip);

      // 4. Into the ledger, per action, in claim order (per person: in order).
      const enqueueStarted = performance.now();
      const byAction = new Map<string, typeof ready>();
      // push, not spread: copying the list per item was quadratic in the chunk size.
      for (const item of allowed) {
        const list = byAction.get(item.row.action_id);
        if (list) list.push(item);
        else byAction.set(item.row.action_id, [item]);
      }
      for (const [actionId, items] of byAction) {
        await ensureEndpoint(client, actionId, "webhook_action");
        const ids = await enqueueDeliveries(
          client,
          actionId,
          items.map((i) => ({ orderingKey: actionOrderingKey(i.row.profile_id, i.row.id), payload: i.payload })),
        );
        items.forEach((i, n) => decisions.set(i.row.id, { id: i.row.id, state: "enqueued", reason: null, deliveryId: ids[n]! }));
      }

      const enqueueMs = performance.now() - enqueueStarted;
      const all = [...decisions.values()];
      await client.query(
        `UPDATE webhook_action_triggers t SET state = d.state, skip_reason = d.reason, delivery_id = d.delivery_id, decided_at = now()
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS d(id, state, reason, delivery_id)
        WHERE t.id = d.id`,
        [all.map((d) => d.id), all.map((d) => d.state), all.map((d) => d.reason), all.map((d) => d.deliveryId)],
      );
      if (opts.beforeCommit) await opts.beforeCommit(client);
      return { all, claimMs, renderMs, enqueueMs, scopesMs: timing.scopesMs };
    });
    if (!chunk)
      return { enqueued: 0, skipped: 0, renderMs: 0, phases: { claim: performance.now() - t0, scopes: 0, liquid: 0, enqueue: 0, rest: 0 } };
    const { all, claimMs, renderMs, enqueueMs, scopesMs } = chunk;
    const enqueued = all.filter((d) => d.state === "enqueued").length;
    const liquid = renderMs - scopesMs;
    const total = performance.now() - t0;
    return {
      enqueued,
      skipped: all.length - enqueued,
      renderMs,
      phases: { claim: claimMs, scopes: scopesMs, liquid, enqueue: enqueueMs, rest: total - claimMs - renderMs - enqueueMs },
    };
  } finally {
    client.release();
  }
}

async function loadActions(client: pg.PoolClient, ids: string[]): Promise<Map<string, RuntimeAction>> {
  const { rows } = await client.query<{
    id: string;
    name: string;
    version: number;
    delay_seconds: number;
    frequency_limit_seconds: number | null;
    request: unknown;
    secrets_enc: string | null;
  }>(
    `SELECT id, name, version, delay_seconds, frequency_limit_seconds, request, secrets_enc FROM webhook_actions WHERE id = ANY($1::text[])`,
    [ids],
  );
  const out = new Map<string, RuntimeAction>();
  for (const r of rows) {
    const request = actionRequestSchema.safeParse(r.request);
    if (!request.success) continue;
    let secretNames: string[] = [];
    try {
      secretNames = Object.keys(openActionSecrets(r.secrets_enc).secrets);
    } catch {
      // Unreadable secrets: the request still renders (markers by name) and the sender says why it cannot go.
      secretNames = [];
    }
    out.set(r.id, {
      id: r.id,
      name: r.name,
      version: r.version,
      delaySeconds: r.delay_seconds,
      frequencyLimitSeconds: r.frequency_limit_seconds,
      request: request.data,
      secretNames,
    });
  }
  return out;
}

/** Trigger ids whose person is in the trigger's segment now. */
async function stillMembers(client: pg.PoolClient, rows: ClaimedRow[]): Promise<Set<string>> {
  const { rows: found } = await client.query<{ id: string }>(
    `SELECT t.id::text FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS t(id, segment_id, profile_id)
      WHERE EXISTS (SELECT 1 FROM segment_memberships m WHERE m.segment_id = t.segment_id AND m.profile_id = t.profile_id)`,
    [rows.map((r) => r.id), rows.map((r) => r.segment_id), rows.map((r) => r.profile_id)],
  );
  return new Set(found.map((r) => r.id));
}

/**
 * The frequency limit, decided in the database so it holds across workers: per (action, person)
 * the first trigger of the chunk tries to move last_fired_at to now, which succeeds only when the
 * stored fire is older than the limit (ON CONFLICT … DO UPDATE … WHERE). A concurrent worker's
 * upsert of the same row waits for this transaction and then sees the new time, so it does not
 * fire. Later triggers of the same person in the chunk are inside the window by construction.
 * Rows are upserted in key order, so two workers never wait on each other in a cycle.
 */
async function claimFires<T extends { row: ClaimedRow }>(
  client: pg.PoolClient,
  ready: T[],
  actions: Map<string, RuntimeAction>,
  skip: (id: string, reason: string) => void,
): Promise<T[]> {
  const limited = ready.filter((i) => actions.get(i.row.action_id)?.frequencyLimitSeconds);
  if (!limited.length) return ready;
  const first = new Map<string, T>();
  const refused = new Set<string>();
  for (const i of limited) {
    const key = `${i.row.action_id}\u0000${i.row.profile_id}`;
    if (first.has(key)) refused.add(i.row.id);
    else first.set(key, i);
  }
  const candidates = [...first.values()].sort((a, b) =>
    a.row.action_id === b.row.action_id
      ? Number(BigInt(a.row.profile_id) - BigInt(b.row.profile_id))
      : a.row.action_id < b.row.action_id
        ? -1
        : 1,
  );
  const { rows } = await client.query<{ action_id: string; profile_id: string }>(
    `INSERT INTO webhook_action_person_fires AS f (action_id, profile_id, last_fired_at)
     SELECT c.action_id, c.profile_id, now() FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS c(action_id, profile_id, n) ORDER BY c.n
     ON CONFLICT (action_id, profile_id) DO UPDATE SET last_fired_at = EXCLUDED.last_fired_at
      WHERE f.last_fired_at <= EXCLUDED.last_fired_at - make_interval(secs => (SELECT a.frequency_limit_seconds FROM webhook_actions a WHERE a.id = f.action_id))
     RETURNING action_id, profile_id::text`,
    [candidates.map((c) => c.row.action_id), candidates.map((c) => c.row.profile_id)],
  );
  const won = new Set(rows.map((r) => `${r.action_id}\u0000${r.profile_id}`));
  for (const [key, i] of first) if (!won.has(key)) refused.add(i.row.id);
  for (const id of refused) skip(id, "frequency_limit");
  return ready.filter((i) => !refused.has(i.row.id));
}
