import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sandboxClient } from "@/lib/sandbox/client";
import { createGoogleDataManagerEmulator } from "@/lib/sandbox/google-data-manager/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { dryRunSync } from "@/lib/sync/dry-run-sync";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";

// A dry run on a Google destination (Data Manager API) asks Google to validate the planned adds
// (validateOnly): the preview shows Google's objection in its words, and nothing is delivered.

let server: EmulatorServer;
const { developerToken: _none, ...oauth } = SANDBOX_CREDENTIALS.google_ads;
beforeAll(async () => {
  server = await startEmulatorServer(createGoogleDataManagerEmulator());
  await seedPeople(50);
  await makeSegment("dm-seg", "DM", "p.id <= 20");
});
afterAll(() => server.close());
beforeEach(() => sandboxClient(server.url).reset());

const settings = (extra: Record<string, unknown>) => ({
  customerId: "1234567890",
  dataManagerBaseUrl: `${server.url}/v1`,
  oauthTokenUrl: `${server.url}/oauth2/v4/token`,
  requestStatusPollIntervalMs: 20,
  acceptCustomerMatchTerms: true,
  adUserDataConsent: "GRANTED",
  adPersonalizationConsent: "GRANTED",
  ...extra,
});

describe("dry run with the Data Manager API's validateOnly", () => {
  it("passes when Google accepts, and shows Google's error (consent missing) as a warning, sending nothing", async () => {
    const dest = await makeDestination("google_ads", settings({}), oauth, "dm dry run");
    const sync = await makeSync({ segmentId: "dm-seg", destinationId: dest.id, identifiers: ["email"] });
    // The first run creates the list; then 10 more people enter the segment.
    expect((await runSync(sync.id, { trigger: "manual" })).status).toBe("succeeded");
    const { remoteAudienceId } = await db().sync.findUniqueOrThrow({ where: { id: sync.id } });
    await setMembers("dm-seg", "p.id <= 30");
    const ok = await dryRunSync(sync.id, "manual");
    expect(ok.plan.toAdd).toBe(10);
    expect(ok.platformCheck).toEqual({ ok: true, detail: "Google checked 10 people (validate only) and accepted the upload." });

    await db().destination.update({
      where: { id: dest.id },
      data: { settings: settings({ adUserDataConsent: "UNSPECIFIED", adPersonalizationConsent: "UNSPECIFIED" }) },
    });
    const refused = await dryRunSync(sync.id, "manual");
    expect(refused.platformCheck).toMatchObject({ ok: false, message: expect.stringContaining("REQUIRED_FIELD_MISSING: Consent") });
    expect(refused.warnings).toContainEqual(expect.stringContaining("refused a validate-only upload of the planned adds"));
    expect(await sandboxClient(server.url).members(remoteAudienceId!)).toHaveLength(20);
  });
});
