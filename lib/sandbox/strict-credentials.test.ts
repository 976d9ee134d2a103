import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connectors/contract";
import { googleAdsConnector } from "@/lib/connectors/google-ads/connector";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { metaConnector } from "@/lib/connectors/meta/connector";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { tiktokConnector } from "@/lib/connectors/tiktok/connector";
import { createTiktokEmulator } from "@/lib/sandbox/tiktok/emulator";
import { egressFetch } from "@/lib/egress/egress-fetch";

// The emulators are strict about credentials out of the box: the sandbox credentials (what the
// demo's destinations use) connect, anything else is "bad credentials", as on the platform.

let meta: EmulatorServer;
let google: EmulatorServer;
let tiktok: EmulatorServer;
beforeAll(async () => {
  [meta, google, tiktok] = await Promise.all([
    startEmulatorServer(createMetaEmulator()),
    startEmulatorServer(createGoogleAdsEmulator()),
    startEmulatorServer(createTiktokEmulator()),
  ]);
});
afterAll(() => Promise.all([meta.close(), google.close(), tiktok.close()]));

const test = <S, C>(connector: Connector<S, C>, settings: unknown, credentials: unknown) =>
  connector.testConnection({
    settings: connector.settingsSchema.parse(settings),
    credentials: connector.credentialsSchema.parse(credentials),
    fetch: egressFetch,
  });

describe("strict emulators", () => {
  it("Meta: the sandbox token connects, definitely-wrong-token is bad credentials", async () => {
    const settings = { adAccountId: "act_1001", apiBaseUrl: `${meta.url}/v24.0` };
    expect(await test(metaConnector, settings, SANDBOX_CREDENTIALS.meta)).toMatchObject({ ok: true });
    expect(await test(metaConnector, settings, { accessToken: "definitely-wrong-token" })).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("Invalid OAuth access token"),
    });
  });

  it("Google Ads: a wrong client secret, refresh token or developer token is bad credentials", async () => {
    const settings = { customerId: "123-456-7890", apiBaseUrl: `${google.url}/v26`, oauthTokenUrl: `${google.url}/oauth2/v4/token` };
    const good = SANDBOX_CREDENTIALS.google_ads;
    expect(await test(googleAdsConnector, settings, good)).toMatchObject({ ok: true });
    expect(await test(googleAdsConnector, settings, { ...good, clientSecret: "wrong" })).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("invalid_client"),
    });
    expect(await test(googleAdsConnector, settings, { ...good, refreshToken: "1//someone-elses" })).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("invalid_grant"),
    });
    expect(await test(googleAdsConnector, settings, { ...good, developerToken: "made-up" })).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("DEVELOPER_TOKEN_INVALID"),
    });
  });

  it("TikTok: a wrong access token is bad credentials", async () => {
    const settings = { advertiserId: "7000000000001", apiBaseUrl: `${tiktok.url}/open_api/v1.3` };
    expect(await test(tiktokConnector, settings, SANDBOX_CREDENTIALS.tiktok)).toMatchObject({ ok: true });
    expect(await test(tiktokConnector, settings, { accessToken: "definitely-wrong-token" })).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("40105"),
    });
  });
});
