import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { seedPeople } from "@/lib/sync/testing/fixtures";
import { emulatorRoot } from "@/lib/validation/emulator-read-back";
import { listTestProfiles, markTestProfiles, unmarkTestProfiles } from "@/lib/validation/test-profiles";

// Test profiles (issue 14 item 1): marked by a plus-address prefix, an internal domain, a list of
// ids, or created synthetic; marking takes them out of the segments they were in at once, so sizes
// and audiences stay true.

const editor: Actor = { type: "user", id: "u-editor", label: "Eve Editor", role: "editor" };
const size = async (id: string) => (await db().segment.findUniqueOrThrow({ where: { id } })).size;

beforeAll(async () => {
  await seedPeople(30);
  await pool().query("UPDATE profiles SET email = 'qa+' || id || '@acme.dev' WHERE id IN (21, 22)");
  await pool().query("UPDATE profiles SET email = 'ops' || id || '@internal.acme.dev' WHERE id = 23");
  await db().segment.create({
    data: {
      id: "with-email",
      name: "Has an email",
      definition: { version: 1, match: "all", conditions: [{ type: "identifier", identifier: "email", present: true }] },
    },
  });
  await refreshSegment("with-email", { trigger: "manual" });
});

describe("marking test profiles", () => {
  it("marks qa+N@ addresses by their prefix and takes them out of segments at once", async () => {
    expect(await size("with-email")).toBe(30);
    const r = await markTestProfiles(editor, { by: "plus_prefix", prefix: "qa" });
    expect(r).toEqual({ marked: 2, alreadyTest: 0, created: 0, segmentsRefreshed: 1 });
    expect(await size("with-email")).toBe(28);
    expect((await listTestProfiles()).map((p) => p.email)).toEqual(["qa+21@acme.dev", "qa+22@acme.dev"]);
  });

  it("marks by an internal domain (exactly that domain) and by a pasted list of ids", async () => {
    expect(await markTestProfiles(editor, { by: "domain", domain: "internal.acme.dev" })).toMatchObject({ marked: 1 });
    expect(await markTestProfiles(editor, { by: "ids", ids: "crm-5\n6, 21" })).toMatchObject({ marked: 2, alreadyTest: 1 });
    expect((await listTestProfiles()).map((p) => p.id)).toEqual(["5", "6", "21", "22", "23"]);
    await unmarkTestProfiles(editor, { ids: "5,6" });
  });

  it("creates synthetic test profiles through ingest, with normalized, hashed, sendable identifiers", async () => {
    const r = await markTestProfiles(editor, { by: "create", count: 3, domain: "Acme.dev" });
    expect([r.created, r.marked]).toEqual([3, 3]);
    const made = (await listTestProfiles()).filter((p) => p.externalId?.startsWith("qa-"));
    expect(made).toHaveLength(3);
    for (const p of made) {
      expect(p.email).toMatch(/^qa\+[a-z0-9]+-\d@acme\.dev$/);
      expect(p.sendable).toEqual(["email", "external_id"]);
    }
  });

  it("refuses what would mark nobody, a malformed domain, and a viewer", async () => {
    await expect(markTestProfiles(editor, { by: "domain", domain: "nobody-here.dev" })).rejects.toThrow(
      "Nobody matches: no profile was marked.",
    );
    await expect(markTestProfiles(editor, { by: "domain", domain: "not a domain" })).rejects.toThrow(
      /Enter a domain like yourcompany\.com/,
    );
    await expect(markTestProfiles({ ...editor, role: "viewer" }, { by: "plus_prefix", prefix: "qa" })).rejects.toThrow(/editor role/);
  });
});

describe("where a validation can read an audience back", () => {
  it("finds the emulator behind a destination's settings, and never a real platform", () => {
    expect(emulatorRoot("meta", { apiBaseUrl: "http://127.0.0.1:4000/api/sandbox/meta/v24.0" })).toBe(
      "http://127.0.0.1:4000/api/sandbox/meta",
    );
    expect(emulatorRoot("tiktok", { apiBaseUrl: "http://localhost:9/open_api/v1.3" })).toBe("http://localhost:9");
    expect(emulatorRoot("google_ads", { api: "data_manager", dataManagerBaseUrl: "http://localhost:9/dm/v1" })).toBe(
      "http://localhost:9/dm",
    );
    expect(emulatorRoot("meta", { apiBaseUrl: "https://graph.facebook.com/v24.0" })).toBeNull();
    expect(emulatorRoot("google_ads", { apiBaseUrl: "https://googleads.googleapis.com/v26" })).toBeNull();
    expect(emulatorRoot("tiktok", { apiBaseUrl: "https://business-api.tiktok.com/open_api/v1.3" })).toBeNull();
    expect(emulatorRoot("webhook", { url: "http://localhost:9" })).toBeNull();
  });
});
