import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sandboxClient } from "@/lib/sandbox/client";
import { emulatorFor, sandboxMountPath, type EmulatorSlug } from "@/lib/sandbox/emulators";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { ensureDemoAdPlatforms } from "@/lib/sync/demo-ad-platforms";
import { runSync } from "@/lib/sync/run-sync";
import { seedPeople, setMembers } from "@/lib/sync/testing/fixtures";

// The demo's ad platform syncs against the emulators mounted as the app mounts them
// (/api/sandbox/<slug>/…), on a stand-in origin: the destinations connect and the syncs deliver.

let server: EmulatorServer;
beforeAll(async () => {
  server = await startEmulatorServer(async (req) => {
    const slug = new URL(req.url).pathname.split("/")[3] as EmulatorSlug;
    const handler = emulatorFor(slug, sandboxMountPath(slug));
    return handler ? handler(req) : new Response("not found", { status: 404 });
  });
  await seedPeople(300);
});
afterAll(() => server.close());

describe("ensureDemoAdPlatforms", () => {
  it("creates Meta, Google Ads and TikTok destinations with one live sync each, once, and they run", async () => {
    const created = await ensureDemoAdPlatforms(server.url);
    expect(created).toHaveLength(3);
    expect(await ensureDemoAdPlatforms(server.url)).toEqual([]);
    const destinations = await db().destination.findMany({ orderBy: { name: "asc" } });
    expect(destinations.map((d) => [d.name, d.kind])).toEqual([
      ["Google Ads", "google_ads"],
      ["Meta", "meta"],
      ["TikTok", "tiktok"],
    ]);
    for (const { syncId } of created) {
      const sync = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
      expect(sync.state).toBe("live");
      // Template segments refresh on their own schedule; give each a known membership here.
      await setMembers(sync.segmentId, "p.id <= 200");
      const result = await runSync(syncId, { trigger: "manual" });
      expect(result.status).toBe("succeeded");
      const after = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
      const kind = destinations.find((d) => d.id === sync.destinationId)!.kind;
      // The demo's Google destination speaks the Data Manager API, so its lists live in that emulator.
      const slug = kind === "google_ads" ? "google-data-manager" : kind.replace("_", "-");
      const members = await sandboxClient(`${server.url}${sandboxMountPath(slug as EmulatorSlug)}`).members(after.remoteAudienceId!);
      expect(members.length).toBe(200);
    }
  });
});
