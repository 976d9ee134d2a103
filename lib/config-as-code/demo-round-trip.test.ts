import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { applyConfig } from "@/lib/config-as-code/apply-config";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { assignKeys } from "@/lib/config-as-code/stable-key";
import { defaultEnvName } from "@/lib/config-as-code/load-workspace-config";
import { planConfig } from "@/lib/config-as-code/plan-config";
import { db } from "@/lib/db";
import { openCredentialsRaw } from "@/lib/destinations/destination-credentials";
import { ensureDemoAdPlatforms } from "@/lib/sync/demo-ad-platforms";
import { ensureDemoSyncs } from "@/lib/sync/demo-syncs";

// The demo workspace (playbook segments, every destination kind, its syncs and rules) as a
// real-world document: it exports, plans no changes, and survives an empty workspace byte for byte.

const actor = systemActor("test");
let text: string;
const env: Record<string, string> = {};

beforeAll(async () => {
  await ensureDemoSyncs();
  await ensureDemoAdPlatforms("http://127.0.0.1:3000");
  text = (await exportConfig(actor)).text;
  // What an engineer would put in CI's secrets: each credential under the name the export gives it.
  const rows = await db().destination.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const keys = assignKeys(rows);
  for (const row of rows)
    for (const [field, value] of Object.entries(openCredentialsRaw(row.credentialsEnc)))
      env[defaultEnvName(keys.get(row.id)!, field)] = String(value);
});

describe("the demo workspace as configuration", () => {
  it("exports every kind and plans no changes", async () => {
    const doc = JSON.parse(text);
    expect(doc.destinations.length).toBeGreaterThanOrEqual(3);
    expect(doc.syncs.length).toBeGreaterThanOrEqual(2);
    expect((await planConfig(actor, doc, { env })).text).toBe("No changes: the workspace already matches the file.\n");
  });

  it("reproduces itself in an emptied workspace", async () => {
    await applyConfig(actor, { version: 1 }, { prune: true });
    expect(await db().sync.count()).toBe(0);
    // Its syncs are live: recreated, they have no validation yet, so an admin's override sets them live.
    const { applied } = await applyConfig(actor, JSON.parse(text), { env, goLiveOverride: "Restoring the demo workspace from its file" });
    expect(applied).toBeGreaterThan(5);
    expect((await exportConfig(actor)).text).toBe(text);
  });
});
