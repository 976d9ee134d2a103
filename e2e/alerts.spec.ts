import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { demoEmail, signIn } from "./fixtures";

// Alerts as the on-call person meets them: a destination that starts refusing our credentials
// (HTTP 401) makes a real run fail, the worker's evaluation opens the alert, the Alerts page says
// what happened and why, and acknowledging it lands in the audit log. A viewer sees the same
// alerts and rules but can change nothing, in the page or through the API.

const SECRET = "e2e-alerts-signing-secret-0123456";
let rx: Receiver;
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  rx = await startReceiver(SECRET);
  rx.fault = () => ({ status: 401, body: { error: "token expired" }, apply: false });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await rx?.close();
});

const SYNC = "Alerts: cart intent → CRM webhook";

test("a destination refusing our credentials opens one alert with its cause; acknowledging it is audited", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await signIn(page, "editor");
  const api = client(page.request, baseURL!);
  const t = templateByKey("intent-cart")!;
  const segmentId = (await api.post("/api/v1/segments", { name: `${t.name} (alerts)`, definition: t.definition })).segment.id as string;
  const destinationId = (
    await api.post("/api/v1/destinations", {
      name: "CRM webhook (alerts)",
      kind: "webhook",
      settings: { url: rx.url, batchSize: 100 },
      credentials: { signingSecret: SECRET },
    })
  ).destination.id as string;
  const syncId = (await api.post("/api/v1/syncs", { name: SYNC, segmentId, destinationId, identifiers: ["email"] })).sync.id as string;
  const { run } = await api.post(`/api/v1/syncs/${syncId}/runs`, {});
  await expect
    .poll(async () => (await api.get(`/api/v1/syncs/${syncId}/runs/${run.id}`)).run.status, { timeout: 120_000, intervals: [500] })
    .toBe("failed");
  // The worker evaluates after the run (and every minute): the alert is there without anyone asking.
  await expect
    .poll(async () => (await api.get(`/api/v1/alerts?state=active&syncId=${syncId}`)).alerts.length, { timeout: 90_000, intervals: [1000] })
    .toBe(1);

  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const card = page.getByTestId("open-alert").filter({ hasText: SYNC });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Critical");
  await expect(card).toContainText(`${SYNC}: paused because the destination refused access`);
  await expect(card.getByTestId("alert-cause")).toHaveText(
    /^CRM webhook \(alerts\) stopped accepting Downstream's credentials at \d\d:\d\d UTC/,
  );
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/alerts.png", fullPage: true });

  await card.getByRole("button", { name: "Acknowledge" }).click();
  await expect(card).toContainText(`Acknowledged by ${demoEmail("editor")}`);
  await expect(card.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);

  const { alerts } = await api.get(`/api/v1/alerts?syncId=${syncId}`);
  const { entries } = await api.get("/api/v1/audit?entityType=alert");
  expect(
    entries
      .filter((e: { entityId: string }) => e.entityId === alerts[0].id)
      .map((e: { action: string; actorLabel: string }) => [e.action, e.actorLabel]),
  ).toEqual([["alert.acknowledged", demoEmail("editor")]]);
  await page.goto("/settings/audit");
  await expect(page.getByText(`alert.acknowledged`).first()).toBeVisible();
});

test("a viewer sees alerts and rules but cannot change them", async ({ page, baseURL }) => {
  await signIn(page, "viewer");
  await page.goto("/alerts");
  await expect(page.getByTestId("open-alert").filter({ hasText: SYNC })).toHaveCount(1);
  await expect(page.getByTestId("alert-rule").filter({ hasText: "A sync run failed or delivered nothing" })).toContainText("Always on");
  await expect(page.getByRole("button", { name: "New alert rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  const headers = { origin: baseURL! };
  const create = await page.request.post("/api/v1/alert-rules", {
    headers,
    data: { name: "Sneaky", kind: "segment_empty", params: {} },
  });
  expect(create.status()).toBe(403);
  const change = await page.request.patch("/api/v1/alert-rules/default-run-failed", { headers, data: { severity: "warning" } });
  expect(change.status()).toBe(403);
});

function client(request: APIRequestContext, origin: string) {
  const headers = { origin };
  const post = async (url: string, data: unknown) => {
    const res = await request.post(url, { headers, data });
    expect(res.ok(), `${url}: ${await res.text()}`).toBe(true);
    return res.json();
  };
  const get = async (url: string) => {
    const res = await request.get(url, { headers });
    expect(res.ok(), `${url}: ${await res.text()}`).toBe(true);
    return res.json();
  };
  return { post, get };
}
