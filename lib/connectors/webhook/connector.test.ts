import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "@/lib/connectors/errors";
import { people } from "@/lib/connectors/test-fixtures";
import { webhookConnector, webhookSettingsSchema, type WebhookCredentials, type WebhookSettings } from "@/lib/connectors/webhook/connector";
import { signWebhook, verifyWebhookSignature } from "@/lib/connectors/webhook/signature";

// The webhook's wire format against a raw node:http server: signing, body, headers, answers.

type Seen = { headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let answer: (body: string) => { status: number; headers?: Record<string, string>; body?: string; hangMs?: number } = () => ({
  status: 200,
  body: "{}",
});
let server: http.Server;
let url = "";
const SECRET = "webhook-secret-0123456789";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ headers: req.headers, body });
      const a = answer(body);
      const send = () => res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(a.body ?? "");
      if (a.hangMs) setTimeout(send, a.hangMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const ctx = (settings: Partial<WebhookSettings> = {}, credentials: Partial<WebhookCredentials> = {}) => ({
  settings: webhookSettingsSchema.parse({ url, ...settings }),
  credentials: { signingSecret: SECRET, ...credentials },
  fetch,
  batch: { runId: "run1", seq: 2, last: false },
});

describe("webhook connector", () => {
  it("posts a signed JSON batch with the documented headers and body", async () => {
    seen = [];
    answer = () => ({ status: 200, body: "{}" });
    const result = await webhookConnector.addMembers(
      ctx({ headers: { "X-Team": "growth" } }, { authorization: "Bearer abc" }),
      "Cart abandoners",
      people(1, 3, { externalId: true }),
    );
    expect(result.items.every((i) => i.status === "ok")).toBe(true);
    const [req] = seen;
    expect(req!.headers["x-downstream-event"]).toBe("audience.members.added");
    expect(req!.headers["x-downstream-delivery"]).toBe("run1:add:2");
    expect(req!.headers["x-team"]).toBe("growth");
    expect(req!.headers.authorization).toBe("Bearer abc");
    const ts = Number(req!.headers["x-downstream-timestamp"]);
    expect(req!.headers["x-downstream-signature"]).toBe(signWebhook(SECRET, ts, req!.body));
    expect(
      verifyWebhookSignature(SECRET, { timestamp: String(ts), signature: String(req!.headers["x-downstream-signature"]) }, req!.body),
    ).toBe(true);
    expect(
      verifyWebhookSignature(SECRET, { timestamp: String(ts - 3600), signature: signWebhook(SECRET, ts - 3600, req!.body) }, req!.body),
    ).toBe(false);
    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({
      event: "audience.members.added",
      audience_id: "Cart abandoners",
      batch: { run_id: "run1", seq: 2, last: false },
    });
    expect(body.members[0]).toMatchObject({ key: "1", external_id: "crm-1", email: "person1@example.com", phone: "+14155000001" });
    expect(body.members[0].email_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(result.request)).not.toContain("abc");
  });

  it("leaves out raw email and phone when set to hashes only", async () => {
    seen = [];
    await webhookConnector.removeMembers(ctx({ hashedOnly: true }), "a", people(1, 1));
    const member = JSON.parse(seen[0]!.body).members[0];
    expect(member.email).toBeUndefined();
    expect(member.phone).toBeUndefined();
    expect(member.email_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(seen[0]!.headers["x-downstream-event"]).toBe("audience.members.removed");
  });

  it("maps refused members to invalid item results", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ rejected: [{ key: "2", reason: "unknown customer" }] }) });
    const result = await webhookConnector.addMembers(ctx(), "a", people(1, 3));
    expect(result.items).toEqual([
      { key: "1", status: "ok" },
      { key: "2", status: "invalid", code: "webhook_rejected", message: "unknown customer" },
      { key: "3", status: "ok" },
    ]);
  });

  it.each([
    [429, { "retry-after": "7" }, "retryable", 7000],
    [503, {}, "retryable", undefined],
    [401, {}, "auth", undefined],
    [413, {}, "payload", undefined],
    [404, {}, "permanent", undefined],
  ] as const)("classifies HTTP %i", async (status, headers, kind, retryAfter) => {
    answer = () => ({ status, headers: headers as Record<string, string>, body: "{}" });
    const error = await webhookConnector.addMembers(ctx(), "a", people(1, 1)).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect([error.kind, error.details.retryAfterMs]).toEqual([kind, retryAfter]);
  });

  it("turns a timeout into a retryable error", async () => {
    answer = () => ({ status: 200, body: "{}", hangMs: 1_500 });
    const error = await webhookConnector.addMembers(ctx({ timeoutMs: 1_000 }), "a", people(1, 1)).catch((e) => e);
    expect([error.kind, error.message]).toEqual(["retryable", "The webhook did not answer within 1 s"]);
  });

  it("tests the connection with a signed ping, and validates settings", async () => {
    answer = () => ({ status: 204 });
    expect(await webhookConnector.testConnection(ctx())).toMatchObject({ ok: true });
    answer = () => ({ status: 401, body: "{}" });
    expect(await webhookConnector.testConnection(ctx())).toMatchObject({ ok: false, kind: "auth" });
    expect(webhookSettingsSchema.safeParse({ url: "http://example.com/hook" }).success).toBe(false);
    expect(webhookSettingsSchema.safeParse({ url: "https://example.com/hook", headers: { "X-Downstream-Signature": "x" } }).success).toBe(
      false,
    );
    expect(webhookSettingsSchema.parse({ url: "https://example.com/hook" })).toMatchObject({
      batchSize: 1000,
      timeoutMs: 30000,
      hashedOnly: false,
      headers: {},
    });
  });
});
