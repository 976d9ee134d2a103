import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import type { DeliverySender, EndpointConfig } from "@/lib/delivery/sender";
import { actionFigures } from "@/lib/webhook-actions/action-figures";
import { createAction } from "@/lib/webhook-actions/create-action";
import { deleteAction } from "@/lib/webhook-actions/delete-action";
import { actionAttempts, actionDeadLetters, getAction } from "@/lib/webhook-actions/get-action";
import { replayActionDeadLetters } from "@/lib/webhook-actions/replay-action-dead-letters";
import { setActionState } from "@/lib/webhook-actions/set-action-state";

// An action's figures come from the ledger's real rows (sent, retrying, held, dead) and its
// trigger rows (waiting for the delay, skipped by reason), through the one function every screen reads.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const config: EndpointConfig = { batchSize: 1, maxWaitMs: 0, timeoutMs: 1_000, retrySchedule: [60], concurrency: 4 };
// The receiver refuses persons 2 and 3 and takes everyone else.
const sender: DeliverySender = {
  kind: "webhook_action",
  config: async () => config,
  send: async (batch) =>
    ["p:2", "p:3"].includes(batch.messages[0]!.orderingKey)
      ? { kind: "failed", status: 500, error: "HTTP 500", answered: true }
      : { kind: "delivered", status: 200 },
};

describe("an action's figures", () => {
  it("counts sent, retrying, held and dead from the ledger, and waiting and skipped from the triggers", async () => {
    await db().segment.create({ data: { id: "seg-f", name: "Cart abandoners", definition: { conditions: [] } } });
    const { action } = await createAction(editor, {
      name: "Figures",
      trigger: { kind: "segment_entered", segmentId: "seg-f" },
      request: { url: "https://crm.example.com/in", body: "{}" },
    });
    await setActionState(editor, action.id, "live");
    const id = action.id;
    const payload = { v: 1, actionId: id, version: 1, trigger: "enter", test: false };
    await enqueueDeliveries(
      pool(),
      id,
      ["p:1", "p:2", "p:3", "p:4"].map((orderingKey) => ({ orderingKey, payload })),
    );
    await deliverEndpoint(id, sender, config);
    // Person 3's retry comes due and fails again: past the schedule, it is dead. Person 2 waits for its retry,
    // and a second request of person 2 waits behind it (held: per-person order).
    await pool().query(
      `UPDATE delivery_batches SET next_attempt_at = now() WHERE id = (SELECT batch_id FROM deliveries WHERE endpoint_id = $1 AND ordering_key = 'p:3')`,
      [id],
    );
    await enqueueDeliveries(pool(), id, [{ orderingKey: "p:2", payload }]);
    await deliverEndpoint(id, sender, config);

    const trig = (state: string, reason: string | null, decidedAgo: string | null) =>
      pool().query(
        `INSERT INTO webhook_action_triggers (action_id, profile_id, source, due_at, state, skip_reason, decided_at)
         VALUES ($1, 1, 'enter', now(), $2, $3, now() - $4::interval)`,
        [id, state, reason, decidedAgo ?? "0 s"],
      );
    await trig("pending", null, null);
    await trig("pending", null, null);
    await trig("skipped", "frequency_limit", "1 minute");
    await trig("skipped", "frequency_limit", "2 minutes");
    await trig("skipped", "render_failed: Body, line 2: unknown filter", "1 minute");
    await trig("skipped", "left_segment", "1 hour");
    await trig("skipped", "left_segment", "2 days"); // outside the 24 hours
    await trig("enqueued", null, "1 minute");

    const f = (await actionFigures([id])).get(id)!;
    expect(f).toMatchObject({ sent24h: 2, retrying: 1, held: 1, dead: 1, queued: 2, pending: 2, skipped24h: 4 });
    expect(f.skippedByReason).toEqual([
      { reason: "frequency_limit", words: "Frequency limit", count: 2, example: null },
      { reason: "left_segment", words: "Left the segment before the delay ended", count: 1, example: null },
      {
        reason: "render_failed",
        words: "The template could not be rendered",
        count: 1,
        example: "render_failed: Body, line 2: unknown filter",
      },
    ]);
    expect(f.status).toMatchObject({
      state: "retrying",
      word: "Retrying",
      reason: "1 request is waiting for a retry; other people's keep going.",
    });
    // The page and the API read the same function.
    // (lag is left out: it is the oldest request's age, a second older on the second read.)
    const { lagSeconds: _lag, ...counts } = f;
    expect((await getAction(id)).figures).toMatchObject(counts);

    const { deadLetters } = await actionDeadLetters(id, { limit: 10 });
    expect(deadLetters).toMatchObject([{ person: "p:3", trigger: "enter", test: false, version: 1, lastStatus: 500 }]);
    expect(await replayActionDeadLetters(editor, id, { deadLetters: "all" })).toEqual({ replayed: 1 });
    expect((await actionFigures([id])).get(id)).toMatchObject({ dead: 0 });

    await setActionState(editor, id, "paused");
    const paused = (await actionFigures([id])).get(id)!;
    expect(paused.status).toMatchObject({ state: "paused", word: "Paused" });
    expect(paused).toMatchObject({ retrying: 0, held: 3 });

    // Attempts are the ledger's, newest first; deleting drops what is still owed and says how much.
    const { attempts } = await actionAttempts(id, { limit: 50 });
    expect(attempts.map((x) => x.outcome).sort()).toEqual(["delivered", "delivered", "failed", "failed", "failed"]);
    expect(attempts.map((x) => x.test)).toEqual([false, false, false, false, false]);
    expect(await deleteAction(editor, id)).toEqual({ dropped: 3 });
    expect((await pool().query(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1`, [id])).rows[0].n).toBe(0);
  });
});
