import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";
import { deleteTierGroup, listTierGroups, saveTierGroup } from "@/lib/tiers/tier-groups";

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
});
