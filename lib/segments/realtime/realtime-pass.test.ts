import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { stopQueue } from "@/lib/jobs/queue";
import { runRealtimePass } from "@/lib/segments/realtime/realtime-pass";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { makeDestination, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";

// The near-real-time pass on a real Postgres, with events stored by the real ingest writer:
// segments reading the arrived event names are re-evaluated for those people only, segments
// using them follow, transitions are recorded, and the syncs they feed are queued.

const now = Date.now();
let seq = 0;
const track = (externalId: string, name: string): IngestMessage => ({
  externalId,
  anonymousId: null,
  event: { type: "track", name, properties: {}, messageId: `rt-${++seq}`, occurredAt: new Date(now - 60_000) },
});
const ingest = (messages: IngestMessage[]) => writeMessages(messages, { sourceId: null, receivedAt: new Date(), country: "US" });
const members = async (segmentId: string) =>
  (await pool().query(`SELECT profile_id::int AS id FROM segment_memberships WHERE segment_id = $1 ORDER BY 1`, [segmentId])).rows.map(
    (r) => r.id,
  );
const transitions = async (segmentId: string) =>
  (
    await pool().query(`SELECT profile_id::int AS id, kind, reason FROM segment_transitions WHERE segment_id = $1 ORDER BY id`, [segmentId])
  ).rows.map((r) => `${r.kind} ${r.id} (${r.reason})`);
const queuedRuns = async (syncId: string) =>
  Number(
    (
      await pool().query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync.run' AND data->>'syncId' = $1 AND state = 'created'`,
        [syncId],
      )
    ).rows[0].n,
  );
const segment = (id: string, conditions: unknown[]) =>
  pool().query(`INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, $1, $2, now())`, [
    id,
    JSON.stringify({ version: 1, match: "all", conditions }),
  ]);

let syncId: string;
beforeAll(async () => {
  await seedPeople(6);
  await segment("checkout", [
    { type: "event", event: "checkout_started", performed: true, window: { type: "last", amount: 1, unit: "days" } },
  ]);
  // Uses "checkout": re-evaluated for the people "checkout" was.
  await segment("no_order", [
    { type: "segment", segmentId: "checkout", membership: "in" },
    { type: "event", event: "order_completed", performed: false },
  ]);
  await segment("viewers", [{ type: "event", event: "page_viewed", performed: true }]);
  const destination = await makeDestination(
    "webhook",
    { url: "http://127.0.0.1:9/never-called", batchSize: 100 },
    { signingSecret: "s".repeat(32) },
  );
  syncId = (await makeSync({ segmentId: "checkout", destinationId: destination.id })).id;
  // Stored before the cursor's start (the migration sets it at the present; here it is moved past
  // this event): history is the full refresh's.
  await pool().query(`INSERT INTO events (profile_id, name, occurred_at) VALUES (5, 'checkout_started', now() - interval '1 hour')`);
  await pool().query(`UPDATE segment_realtime_cursors SET position = pg_snapshot_xmin(pg_current_snapshot())::text::bigint`);
  expect((await runRealtimePass())?.refreshed ?? []).toEqual([]);
});
afterAll(() => stopQueue());

describe("near-real-time segment pass", () => {
  it("re-evaluates the segments reading the arrived events, for those people, and queues their syncs", async () => {
    await ingest([track("crm-1", "checkout_started"), track("crm-2", "checkout_started"), track("crm-3", "cart_viewed")]);
    const pass = await runRealtimePass();
    expect(pass?.events).toBe(3);
    // "viewers" reads nothing that arrived; "no_order" follows "checkout" for the same two people.
    expect(pass?.refreshed.map((r) => [r.segmentId, r.people, r.entered])).toEqual([
      ["checkout", 2, 2],
      ["no_order", 2, 2],
    ]);
    // Person 5's earlier event is not theirs to see: only the people whose events arrived were evaluated.
    expect(await members("checkout")).toEqual([1, 2]);
    expect(await members("no_order")).toEqual([1, 2]);
    expect(await transitions("checkout")).toEqual(["enter 1 (matches)", "enter 2 (matches)"]);
    expect((await pool().query(`SELECT size FROM segments WHERE id = 'checkout'`)).rows[0].size).toBe(2);
    expect(await queuedRuns(syncId)).toBe(1);
  });

  it("a change right after a run still gets a run of its own, and nothing new means no work", async () => {
    // A worker took the queued run and finished it: its time slot stays taken in pg-boss.
    await pool().query(`UPDATE pgboss.job SET state = 'completed', completed_on = now() WHERE name = 'sync.run' AND data->>'syncId' = $1`, [
      syncId,
    ]);
    await ingest([track("crm-1", "order_completed"), track("crm-4", "checkout_started")]);
    const pass = await runRealtimePass();
    expect(pass?.refreshed.map((r) => [r.segmentId, r.people, r.entered, r.exited])).toEqual([
      ["checkout", 1, 1, 0],
      ["no_order", 2, 1, 1],
    ]);
    expect(await members("no_order")).toEqual([2, 4]);
    // Queued in the next slot rather than dropped for sharing the finished run's slot.
    expect(await queuedRuns(syncId)).toBe(1);
    const again = await runRealtimePass();
    expect(again?.refreshed ?? []).toEqual([]);
  });

  it("leaves the rest to the scheduled full refresh, which reconciles", async () => {
    const full = await refreshSegment("checkout", { trigger: "schedule" });
    expect(full.entered).toBe(1);
    expect(await members("checkout")).toEqual([1, 2, 4, 5]);
  });
});
