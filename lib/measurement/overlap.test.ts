import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import { computeOverlap, overlapSample } from "@/lib/measurement/overlap";
import { segmentUsedBy } from "@/lib/measurement/used-by";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";

// Overlap (issue 15 item 3) against a count done here from the same id sets, and "Used by".

const actor = systemActor("test");
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// Carts 1-60, Buyers 41-100, Browsers every third of 1-150; the sync's live audience is 50-80; 55 is a test profile.
const sets = { carts: range(1, 60), buyers: range(41, 100), browsers: range(1, 150).filter((i) => i % 3 === 0), audience: range(50, 80) };
const TEST = 55;
let syncId = "";

beforeAll(async () => {
  await pool().query(
    `INSERT INTO profiles (id, email, is_test) SELECT i, 'o' || i || '@example.com', i = $1 FROM generate_series(1, 150) i`,
    [TEST],
  );
  await makeSegment("carts", "Cart abandoners", sets.carts);
  await makeSegment("buyers", "Buyers 30d", sets.buyers);
  await makeSegment("browsers", "Browsers", sets.browsers);
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9" }, { signingSecret: "x".repeat(24) });
  syncId = (await makeSync({ segmentId: "carts", destinationId: dest.id, name: "Carts → webhook" })).id;
  await pool().query(`INSERT INTO audience_members (sync_id, profile_id, identifier_key) SELECT $1, unnest($2::bigint[]), 'email'`, [
    syncId,
    sets.audience,
  ]);
});

const people = (ids: number[]) => ids.filter((i) => i !== TEST);
const both = (a: number[], b: number[]) => people(a.filter((i) => b.includes(i)));

describe("overlap", () => {
  it("counts every pair and the share of each side, leaving test profiles out", async () => {
    const order = ["carts", "buyers", "browsers", "audience"] as const;
    const result = await computeOverlap(actor, {
      items: [
        { kind: "segment", id: "carts" },
        { kind: "segment", id: "buyers" },
        { kind: "segment", id: "browsers" },
        { kind: "sync", id: syncId },
      ],
    });
    const names = ["Cart abandoners", "Buyers 30d", "Browsers", "Carts → webhook"];
    expect(result.items.map((i) => [i.name, i.size])).toEqual(order.map((k, i) => [names[i], people(sets[k]).length]));
    expect(result.pairs).toHaveLength(6);
    for (const p of result.pairs) {
      const expected = both(sets[order[p.a]!], sets[order[p.b]!]).length;
      expect(p.people).toBe(expected);
      expect(p.shareOfA).toBeCloseTo(expected / people(sets[order[p.a]!]).length, 10);
      expect(p.shareOfB).toBeCloseTo(expected / people(sets[order[p.b]!]).length, 10);
    }
    expect(result.people).toBe(people([...new Set(Object.values(sets).flat())]).length);
  });

  it("drills down to people in both, each linking to their People page", async () => {
    const sample = await overlapSample(actor, { a: { kind: "segment", id: "carts" }, b: { kind: "sync", id: syncId }, limit: 5 });
    expect(sample.map((p) => p.id)).toEqual(["50", "51", "52", "53", "54"]);
    expect(sample[0]!.href).toBe("/people/50");
    const all = await overlapSample(actor, { a: { kind: "segment", id: "carts" }, b: { kind: "sync", id: syncId }, limit: 100 });
    expect(all.map((p) => Number(p.id))).toEqual(both(sets.carts, sets.audience));
  });

  it("refuses fewer than two items, more than ten, and ids that do not exist", async () => {
    await expect(computeOverlap(actor, { items: [{ kind: "segment", id: "carts" }] })).rejects.toMatchObject({ code: "validation_failed" });
    const many = Array.from({ length: 11 }, (_, i) => ({ kind: "segment", id: `s${i}` }));
    await expect(computeOverlap(actor, { items: many })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      computeOverlap(actor, {
        items: [
          { kind: "segment", id: "carts" },
          { kind: "segment", id: "nope" },
        ],
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("used by", () => {
  it("lists the syncs, suppression rules, segments and webhook actions that depend on a segment", async () => {
    await pool().query(`INSERT INTO suppression_rules (id, name, segment_id, updated_at) VALUES ('r1', 'Recent buyers', 'buyers', now())`);
    await pool().query(
      `INSERT INTO segments (id, name, definition, updated_at)
       VALUES ('lapsed', 'Carts, not buyers', '{"conditions":[{"type":"segment","segmentId":"buyers","membership":"not_in"}]}', now())`,
    );
    await pool().query(
      `INSERT INTO webhook_actions (id, name, trigger, request, updated_at)
       VALUES ('wa1', 'Thank-you call', '{"kind":"segment_entered","segmentId":"buyers"}', '{}', now()),
              ('wa2', 'Other', '{"kind":"segment_entered","segmentId":"carts"}', '{}', now())`,
    );
    const uses = await segmentUsedBy(actor, "buyers");
    expect(uses.map((u) => [u.kind, u.name, u.href])).toEqual([
      ["suppression rule", "Recent buyers", "/suppression"],
      ["segment", "Carts, not buyers", "/segments/lapsed"],
      ["webhook action", "Thank-you call", "/webhook-actions/wa1"],
    ]);
    expect((await segmentUsedBy(actor, "carts")).map((u) => u.kind)).toEqual(["sync", "webhook action"]);
    await expect(segmentUsedBy(actor, "missing")).rejects.toMatchObject({ code: "not_found" });
  });
});
