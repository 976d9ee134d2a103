import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";
import { deleteTierGroup, getTierGroup, listTierGroups, saveTierGroup, tierOfSync, updateTierGroup } from "@/lib/tiers/tier-groups";
import { TIER_TEMPLATES, tierSuggestions } from "@/lib/tiers/tier-suggestions";

const editor: Actor = { type: "user", id: "u1", label: "Ed Itor", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "Vi Ewer", role: "viewer" };
const ids: string[] = [];

beforeAll(async () => {
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9/x" }, { signingSecret: "s".repeat(24) });
  for (const name of ["viewed", "cart", "checkout"]) {
    await makeSegment(name, name, []);
    ids.push((await makeSync({ segmentId: name, destinationId: dest.id, name: `${name} ads` })).id);
  }
});

describe("tier groups", () => {
  it("ranks the syncs in the order given, lowest intent first, and audits each change", async () => {
    const g = await saveTierGroup(editor, { name: "Shopping intent", syncIds: ids });
    expect(g.tiers.map((t) => [t.rank, t.syncName])).toEqual([
      [1, "viewed ads"],
      [2, "cart ads"],
      [3, "checkout ads"],
    ]);
    const reordered = await saveTierGroup(editor, { name: "Shopping intent", syncIds: [ids[1], ids[0], ids[2]] }, g.id);
    expect(reordered.tiers.map((t) => t.syncName)).toEqual(["cart ads", "viewed ads", "checkout ads"]);
    expect((await listTierGroups(viewer)).map((x) => x.name)).toEqual(["Shopping intent"]);
    const audit = await db().auditLog.findMany({ where: { entityType: "tier_group" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["tier_group.create", "Ed Itor"],
      ["tier_group.update", "Ed Itor"],
    ]);
    await deleteTierGroup(editor, g.id);
    expect(await listTierGroups(viewer)).toEqual([]);
  });

  it("refuses a sync already in another group, a group of one, and viewers", async () => {
    await saveTierGroup(editor, { name: "A", syncIds: [ids[0], ids[1]] });
    await expect(saveTierGroup(editor, { name: "B", syncIds: [ids[1], ids[2]] })).rejects.toThrow(/already a tier of another group/);
    await expect(saveTierGroup(editor, { name: "C", syncIds: [ids[2]] })).rejects.toThrow(/at least two syncs/);
    await expect(saveTierGroup(viewer, { name: "D", syncIds: [ids[2], ids[0]] })).rejects.toThrow();
  });

  it("renames without losing the order, reorders, and says which tier a sync is", async () => {
    await db().tierGroup.deleteMany();
    await db().audienceMember.createMany({
      data: [1, 2].map((p) => ({ syncId: ids[2]!, profileId: BigInt(p), identifierKey: `k${p}` })),
    });
    const g = await saveTierGroup(editor, { name: "Intent", syncIds: ids });
    const renamed = await updateTierGroup(editor, g.id, { name: "Cart intent" });
    expect([renamed.name, renamed.tiers.map((t) => t.syncId)]).toEqual(["Cart intent", ids]);
    expect((await getTierGroup(viewer, g.id)).tiers.map((t) => [t.rank, t.segmentName, t.audienceSize])).toEqual([
      [1, "viewed", 0],
      [2, "cart", 0],
      [3, "checkout", 2],
    ]);
    expect(await tierOfSync(ids[1]!)).toEqual({ groupId: g.id, groupName: "Cart intent", rank: 2, of: 3 });
    await updateTierGroup(editor, g.id, { syncIds: [ids[2], ids[1], ids[0]] });
    expect(await tierOfSync(ids[0]!)).toMatchObject({ rank: 3, of: 3 });
    await expect(updateTierGroup(viewer, g.id, { name: "x" })).rejects.toThrow();
    await expect(updateTierGroup(editor, g.id, {})).rejects.toThrow(/name or the order/);
    await deleteTierGroup(editor, g.id);
    expect(await tierOfSync(ids[0]!)).toBeNull();
    await expect(getTierGroup(viewer, g.id)).rejects.toThrow(/no longer exists/);
  });

  it("offers the syncs of the playbook's tier templates to one destination as a group, in template order", async () => {
    const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9/y" }, { signingSecret: "s".repeat(24) }, "Meta ads");
    // Created checkout first: the offer still ranks by the templates, viewed < cart < checkout.
    const made: string[] = [];
    for (const t of [TIER_TEMPLATES[2]!, TIER_TEMPLATES[0]!]) {
      await db().segment.create({ data: { id: t.key, name: t.name, definition: { fixture: true } } });
      made.push((await makeSync({ segmentId: t.key, destinationId: dest.id, name: `${t.key} sync` })).id);
    }
    const [offer, ...more] = await tierSuggestions();
    expect(more).toEqual([]);
    expect(offer!.tiers.map((t) => t.syncName)).toEqual(["intent-viewed sync", "intent-checkout sync"]);
    const g = await saveTierGroup(editor, { name: offer!.name, syncIds: offer!.tiers.map((t) => t.syncId) });
    expect(g.name).toBe("Cart intent · Meta ads");
    expect(await tierSuggestions()).toEqual([]); // grouped: nothing left to offer
  });
});
