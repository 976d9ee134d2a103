import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { makeDestination, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { createSegment } from "@/lib/segments/create-segment";

// A segment refresh that changes membership queues a run of every live sync it feeds, so
// audiences follow their segment without waiting for the sync's own interval.

async function queuedRuns(syncId: string) {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync.run' AND data->>'syncId' = $1`, [
    syncId,
  ]);
  return rows[0].n as number;
}

describe("segment change → sync runs", () => {
  it("queues the live syncs a segment feeds when its membership changes, and not otherwise", async () => {
    await seedPeople(20);
    const { segment } = await createSegment(systemActor("test"), {
      name: "Has an email",
      definition: { match: "all", conditions: [{ type: "identifier", identifier: "email" }] },
    });
    const destination = await makeDestination(
      "webhook",
      { url: "http://127.0.0.1:9/unused", batchSize: 100 },
      { signingSecret: "s".repeat(32) },
    );
    const live = await makeSync({ segmentId: segment.id, destinationId: destination.id });
    const draft = await makeSync({ segmentId: segment.id, destinationId: destination.id });
    await db().sync.update({ where: { id: draft.id }, data: { state: "draft" } });
    await db().segmentMembership.deleteMany({ where: { segmentId: segment.id } });

    const changed = await refreshSegment(segment.id, { trigger: "manual" });
    expect(changed.entered).toBeGreaterThan(0);
    expect(await queuedRuns(live.id)).toBeGreaterThan(0);
    expect(await queuedRuns(draft.id)).toBe(0);

    const before = await queuedRuns(live.id);
    const unchanged = await refreshSegment(segment.id, { trigger: "manual" });
    expect(unchanged.entered + unchanged.exited + unchanged.capped).toBe(0);
    expect(await queuedRuns(live.id)).toBe(before);
  });
});
