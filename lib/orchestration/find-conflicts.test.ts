import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { findConflicts, type ConflictKind } from "@/lib/orchestration/find-conflicts";
import { makeDestination, makeSync } from "@/lib/sync/testing/fixtures";

// Each conflict kind against the real Postgres: present in one configuration, absent once fixed.

const actor = systemActor("test");
const last3d = { type: "last", amount: 3, unit: "days" } as const;
const defs = {
  cartNow: { version: 1, match: "all", conditions: [{ type: "event", event: "added_to_cart", performed: true, window: last3d }] },
  cartAfter2h: {
    version: 1,
    match: "all",
    conditions: [
      {
        type: "sequence",
        did: { event: "checkout_started" },
        window: last3d,
        atLeastAgo: { amount: 2, unit: "hours" },
        noneSince: { event: "order_completed" },
      },
    ],
  },
  cartForever: { version: 1, match: "all", conditions: [{ type: "event", event: "added_to_cart", performed: true }] },
  cartForeverCapped: {
    version: 1,
    match: "all",
    conditions: [{ type: "event", event: "added_to_cart", performed: true }],
    cap: { days: 7 },
  },
  buyers: {
    version: 1,
    match: "all",
    conditions: [{ type: "event", event: "order_completed", performed: true, window: { type: "last", amount: 30, unit: "days" } }],
  },
  vips: { version: 1, match: "all", conditions: [{ type: "attribute", field: "lifetime_value", op: "gt", value: 500 }] },
  // Reads purchases only through another segment.
  buyersRef: { version: 1, match: "all", conditions: [{ type: "segment", segmentId: "buyers", membership: "in" }] },
} as const;

const segment = (id: keyof typeof defs) => db().segment.create({ data: { id, name: `Seg ${id}`, definition: defs[id] as object } });
const audience = (syncId: string, from: number, to: number) =>
  pool().query(
    `INSERT INTO audience_members (sync_id, profile_id, identifier_key) SELECT $1, i, 'email' FROM generate_series($2::int, $3::int) i`,
    [syncId, from, to],
  );

let meta1 = "";
let meta1b = "";
let meta2 = "";
let hook = "";
const ids: Record<string, string> = {};

beforeAll(async () => {
  await pool().query(`INSERT INTO profiles (id, email) SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 300) i`);
  for (const id of Object.keys(defs) as (keyof typeof defs)[]) await segment(id);
  // Two destinations on one Meta ad account (written two ways), one on another account.
  meta1 = (await makeDestination("meta", { adAccountId: "act_1001" }, { accessToken: "x" }, "Meta main")).id;
  meta1b = (await makeDestination("meta", { adAccountId: "1001" }, { accessToken: "x" }, "Meta main again")).id;
  meta2 = (await makeDestination("meta", { adAccountId: "act_2002" }, { accessToken: "x" }, "Meta other")).id;
  hook = (await makeDestination("webhook", { url: "http://127.0.0.1:9" }, { signingSecret: "x".repeat(24) }, "ESP")).id;
  const mk = async (name: string, segmentId: keyof typeof defs, destinationId: string, extra: { promotional?: boolean } = {}) =>
    (ids[name] = (await makeSync({ name, segmentId, destinationId, ...extra })).id);
  await mk("Cart now → Meta", "cartNow", meta1);
  await mk("Checkout 2h → Meta", "cartAfter2h", meta1b);
  await mk("Checkout 2h → Meta other", "cartAfter2h", meta2);
  await mk("Cart now → ESP", "cartNow", hook);
  await mk("Cart forever → ESP", "cartForever", hook, { promotional: false });
  await mk("Cart forever capped → ESP", "cartForeverCapped", hook, { promotional: false });
  await mk("VIPs → Meta", "vips", meta1);
  // Cart now 1-100 and Checkout 2h 61-160: 40 in both (40% of each). The other account's audience is the same people.
  await audience(ids["Cart now → Meta"]!, 1, 100);
  await audience(ids["Checkout 2h → Meta"]!, 61, 160);
  await audience(ids["Checkout 2h → Meta other"]!, 1, 100);
  // VIPs 161-300 share 0-20 people with the others on the account: 100 → 0, 61-160 → 0 (below the threshold or none).
  await audience(ids["VIPs → Meta"]!, 150, 300);
});

const of = async (kind: ConflictKind, syncId?: string) =>
  (await findConflicts(actor, syncId ? { syncId } : {})).conflicts.filter((c) => c.kind === kind);
const names = (cs: { syncs: { name: string }[] }[]) => cs.map((c) => c.syncs.map((s) => s.name).join(" + ")).sort();

describe("orchestration conflicts", () => {
  it("finds two promotional audiences on one ad account that overlap by more than 30%, naming both with the count and share", async () => {
    const found = await of("audience_overlap");
    expect(names(found)).toEqual(["Cart now → Meta + Checkout 2h → Meta"]);
    expect(found[0]!.overlap).toEqual({ people: 40, shareOfFirst: 0.4, shareOfSecond: 0.4 });
    expect(found[0]!.message).toContain("40 people are in both (40% of “Cart now → Meta”, 40% of “Checkout 2h → Meta”)");
    expect(found[0]!.message).toContain("Meta account act_1001");
    // The same people on another ad account, and VIPs' 11 shared people (7% of 151) are not conflicts.
    expect(await of("audience_overlap", ids["Checkout 2h → Meta other"])).toEqual([]);
    expect(names(await of("audience_overlap", ids["VIPs → Meta"]))).toEqual([]);
    expect(names(await of("audience_overlap", ids["Checkout 2h → Meta"]))).toEqual(["Cart now → Meta + Checkout 2h → Meta"]);
  });

  it("flags a promotional sync with no purchase suppression until a rule that reads purchases covers it", async () => {
    const before = names(await of("no_purchase_suppression"));
    expect(before).toContain("Cart now → ESP");
    expect(before).not.toContain("Cart forever → ESP"); // not promotional
    // A rule that does not look at purchases does not count.
    const vipRule = await db().suppressionRule.create({ data: { name: "VIPs", segmentId: "vips", scope: "all_promotional" } });
    expect(names(await of("no_purchase_suppression"))).toContain("Cart now → ESP");
    // A rule naming one sync covers that one only; purchases read through another segment count.
    const selected = await db().suppressionRule.create({
      data: { name: "Buyers (ref)", segmentId: "buyersRef", scope: "selected", syncs: { create: [{ syncId: ids["Cart now → ESP"]! }] } },
    });
    const partly = names(await of("no_purchase_suppression"));
    expect(partly).not.toContain("Cart now → ESP");
    expect(partly).toContain("Cart now → Meta");
    const all = await db().suppressionRule.create({ data: { name: "Buyers", segmentId: "buyers", scope: "all_promotional" } });
    expect(await of("no_purchase_suppression")).toEqual([]);
    // Disabled, it no longer counts.
    await db().suppressionRule.update({ where: { id: all.id }, data: { enabled: false } });
    expect(names(await of("no_purchase_suppression"))).toContain("Cart now → Meta");
    await db().suppressionRule.deleteMany({ where: { id: { in: [vipRule.id, selected.id, all.id] } } });
  });

  it("flags an ad audience that admits carts within 60 minutes, not one that waits 2 hours or an owned channel", async () => {
    const found = await of("ad_before_owned_recovery");
    expect(names(found)).toEqual(["Cart now → Meta"]);
    expect(found[0]!.message).toContain("as soon as they add to cart");
    expect(found[0]!.action).toContain("Start the ad audience after 60 minutes");
  });

  it("flags a cart audience without a window or a cap", async () => {
    expect(names(await of("cart_without_timebox"))).toEqual(["Cart forever → ESP"]);
    const capped = await makeSync({ name: "Cart forever, sync cap", segmentId: "cartForever", destinationId: hook, capDays: 5 });
    expect(await of("cart_without_timebox", capped.id)).toEqual([]);
  });

  it("refuses a sync that does not exist", async () => {
    await expect(findConflicts(actor, { syncId: "nope" })).rejects.toMatchObject({ code: "not_found" });
  });
});
