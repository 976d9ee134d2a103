import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { testDestination } from "@/lib/destinations/test-destination";
import { updateDestination } from "@/lib/destinations/update-destination";
import { closeWarehousePools } from "@/lib/connectors/warehouse/connector";
import { actionFailure } from "@/lib/actions/action-result";

// Credentials are bound to the address they were entered for (issue 9 #20), and every outbound
// request is under the egress policy with a generic reason for the user (#21).

const editor: Actor = { type: "user", id: "u-ed", label: "ed@x.test", role: "editor" };
type Hit = { path: string; authorization?: string; signature?: string };

/** A receiver that records what it was sent: the "attacker" of these tests. */
async function recorder(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) => r.writeHead(200).end("{}")) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    hits.push({
      path: req.url ?? "",
      authorization: req.headers.authorization,
      signature: req.headers["x-downstream-signature"] as string | undefined,
    });
    req.resume();
    req.on("end", () => answer(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let meta: EmulatorServer;
let google: EmulatorServer;
let home: Awaited<ReturnType<typeof recorder>>;
let attacker: Awaited<ReturnType<typeof recorder>>;
const originalAllow = process.env.EGRESS_ALLOW;
beforeAll(async () => {
  meta = await startEmulatorServer(createMetaEmulator());
  google = await startEmulatorServer(createGoogleAdsEmulator());
  home = await recorder();
  attacker = await recorder();
});
beforeEach(() => {
  attacker.hits.splice(0);
});
afterEach(() => {
  process.env.EGRESS_ALLOW = originalAllow;
});
afterAll(async () => {
  await Promise.all([meta.close(), google.close(), home.close(), attacker.close(), closeWarehousePools()]);
});

const webhook = () =>
  createDestination(editor, {
    name: `Webhook ${Math.random()}`,
    kind: "webhook",
    settings: { url: `${home.url}/hook` },
    credentials: { signingSecret: "saved-signing-secret-0123", authorization: "Bearer saved-token" },
  });

describe("credentials bound to their address", () => {
  it("refuses a new Endpoint URL without the credentials, naming the fields; Test connection still goes home", async () => {
    const dest = await webhook();
    const change = updateDestination(editor, dest.id, { settings: { url: `${attacker.url}/steal` } });
    await expect(change).rejects.toMatchObject({
      code: "validation_failed",
      message:
        "You changed the Endpoint URL. Saved credentials are only ever sent to the address they were entered for: enter the Signing secret and Authorization header again to use the new address.",
    });
    // The form marks each credential field to fill in.
    expect(actionFailure(await change.catch((e) => e), "updateDestination").fieldErrors).toMatchObject({
      signingSecret: "Enter the Signing secret again: the Endpoint URL changed.",
      authorization: "Enter the Authorization header again: the Endpoint URL changed.",
    });
    // Re-entering only one of them is not enough: the other would travel to the new address.
    await expect(
      updateDestination(editor, dest.id, {
        settings: { url: `${attacker.url}/steal` },
        credentials: { signingSecret: "attacker-secret-0123456" },
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("enter the Authorization header again"),
    });
    expect(await testDestination(editor, dest.id)).toMatchObject({ ok: true });
    expect(attacker.hits).toEqual([]);
    expect(home.hits.at(-1)).toMatchObject({ path: "/hook", authorization: "Bearer saved-token" });
  });

  it("accepts the new address with credentials entered again, replaces them outright, and audits the move", async () => {
    const dest = await webhook();
    await updateDestination(editor, dest.id, {
      settings: { url: `${attacker.url}/new` },
      credentials: { signingSecret: "brand-new-secret-0123456", authorization: "Bearer new-token" },
    });
    expect(await testDestination(editor, dest.id)).toMatchObject({ ok: true });
    expect(attacker.hits.at(-1)).toMatchObject({ path: "/new", authorization: "Bearer new-token" });
    expect(attacker.hits.some((h) => h.authorization === "Bearer saved-token")).toBe(false);
    const audit = await db().auditLog.findFirst({ where: { entityId: dest.id, action: "destination.address_changed" } });
    expect(audit?.after).toMatchObject({ addressChanged: ["url"], credentialsReplaced: ["signingSecret", "authorization"] });
    expect(JSON.stringify([audit?.before, audit?.after])).not.toContain("brand-new-secret");
  });

  it("keeps saved credentials when only other settings change", async () => {
    const dest = await webhook();
    await updateDestination(editor, dest.id, { settings: { url: `${home.url}/hook`, batchSize: 50 } });
    expect(await testDestination(editor, dest.id)).toMatchObject({ ok: true });
    expect(home.hits.at(-1)).toMatchObject({ authorization: "Bearer saved-token" });
  });

  it("binds Meta's access token to the API base URL", async () => {
    const dest = await createDestination(editor, {
      name: "Meta bound",
      kind: "meta",
      settings: { adAccountId: "act_77", apiBaseUrl: `${meta.url}/v24.0` },
      credentials: SANDBOX_CREDENTIALS.meta,
    });
    await expect(
      updateDestination(editor, dest.id, { settings: { adAccountId: "77", apiBaseUrl: `${attacker.url}/v24.0` } }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^You changed the API base URL\. .*enter the Access token again/),
    });
    expect(await testDestination(editor, dest.id)).toMatchObject({ ok: true });
    expect(attacker.hits).toEqual([]);
  });

  it("binds Google's refresh token, client id and secret to the OAuth token URL", async () => {
    const settings = {
      api: "google_ads_api",
      customerId: "123-456-7890",
      apiBaseUrl: `${google.url}/v26`,
      oauthTokenUrl: `${google.url}/oauth2/v4/token`,
    };
    const dest = await createDestination(editor, {
      name: "Google bound",
      kind: "google_ads",
      settings,
      credentials: SANDBOX_CREDENTIALS.google_ads,
    });
    await expect(
      updateDestination(editor, dest.id, { settings: { ...settings, oauthTokenUrl: `${attacker.url}/token` } }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^You changed the OAuth token URL\. .*enter the Developer token, Client ID, Client secret and Refresh token again/,
      ),
    });
    expect(attacker.hits).toEqual([]);
  });
});

describe("egress policy in Test connection", () => {
  it("refuses an internal address with a generic reason naming the field, and sends nothing", async () => {
    const dest = await webhook();
    process.env.EGRESS_ALLOW = "";
    const result = await testDestination(editor, dest.id);
    expect(result).toEqual({
      ok: false,
      kind: "config",
      message: "The webhook: 127.0.0.1 is a private or internal address, which Downstream does not connect to.",
      hint: "Use the platform's public address in Endpoint URL, or ask an operator to allow this host (EGRESS_ALLOW).",
    });
    home.hits.splice(0);
    await testDestination(editor, dest.id);
    expect(home.hits).toEqual([]);
  });

  it("does not follow a redirect to a refused host, and never shows the remote body", async () => {
    const redirector = await recorder((_q, res) => res.writeHead(307, { location: `${attacker.url}/stolen` }).end());
    const leaky = await recorder((_q, res) =>
      res.writeHead(500, { "content-type": "text/plain" }).end("FATAL: password for internal-db is hunter2"),
    );
    try {
      const a = await createDestination(editor, {
        name: "Redirects",
        kind: "webhook",
        settings: { url: `${redirector.url}/hook` },
        credentials: { signingSecret: "saved-signing-secret-0123" },
      });
      expect(await testDestination(editor, a.id)).toMatchObject({
        ok: false,
        message: "The webhook answered with a redirect (HTTP 307), which Downstream does not follow.",
        hint: "Enter the final address in Endpoint URL.",
      });
      expect(attacker.hits).toEqual([]);
      const b = await createDestination(editor, {
        name: "Leaky",
        kind: "webhook",
        settings: { url: `${leaky.url}/hook` },
        credentials: { signingSecret: "saved-signing-secret-0123" },
      });
      const result = await testDestination(editor, b.id);
      expect(result).toMatchObject({ ok: false, message: "The webhook answered HTTP 500." });
      expect(JSON.stringify(result)).not.toContain("hunter2");
    } finally {
      await Promise.all([redirector.close(), leaky.close()]);
    }
  });

  it("a connection failure names the form's field, not another platform's (webhook: Endpoint URL)", async () => {
    const closed = await recorder();
    await closed.close();
    const dest = await createDestination(editor, {
      name: "Closed port",
      kind: "webhook",
      settings: { url: `${closed.url}/hook` },
      credentials: { signingSecret: "saved-signing-secret-0123" },
    });
    const result = await testDestination(editor, dest.id);
    expect(result).toEqual({
      ok: false,
      kind: "network",
      message: "Could not reach the webhook.",
      hint: "Check the Endpoint URL in the destination settings and the network path to the platform.",
    });
  });

  it("a warehouse aimed at the app's own database is refused, without its user or any server detail", async () => {
    const dest = await createDestination(editor, {
      name: "Own database",
      kind: "warehouse",
      settings: { schema: "wh_probe" },
      credentials: { connectionString: process.env.DATABASE_URL! },
    });
    process.env.EGRESS_ALLOW = "";
    const result = await testDestination(editor, dest.id);
    expect(result).toMatchObject({
      ok: false,
      kind: "config",
      message: expect.stringMatching(/^Warehouse: .* is a private or internal address, which Downstream does not connect to\.$/),
    });
    expect(JSON.stringify(result)).not.toMatch(/Connected|postgres as|password/i);
  });
});
