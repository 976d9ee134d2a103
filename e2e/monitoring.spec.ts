import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { signIn } from "./fixtures";

// Monitoring as an on-call person uses it: real runs (one to a receiver that fails every
// delivery, one to a healthy receiver), then the Monitoring page lists the failing sync first with
// its cause, its trend page says what happened, and a delivered person's page shows which run
// added them and why. A job worker runs beside the app, as in production.

const SECRET = "e2e-monitoring-signing-secret-0123";
let okRx: Receiver;
let brokenRx: Receiver;
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  okRx = await startReceiver(SECRET);
  brokenRx = await startReceiver(SECRET);
  brokenRx.fault = () => ({ status: 503, apply: false });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await okRx?.close();
  await brokenRx?.close();
});

test("Monitoring shows a failing sync first with its cause; a person's page shows the run that added them", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  // The signed-in session's own requests: e2e/.auth/tokens.json may be rewritten by another run.
  await signIn(page, "editor");
  const api = client(page.request, baseURL!);
  const t = templateByKey("intent-cart")!;
  const segmentId = (await api.post("/api/v1/segments", { name: `${t.name} (monitoring)`, definition: t.definition })).segment.id as string;
  const webhook = async (name: string, url: string) =>
    (
      await api.post("/api/v1/destinations", {
        name,
        kind: "webhook",
        settings: { url, batchSize: 100 },
        credentials: { signingSecret: SECRET },
      })
    ).destination.id as string;
  const sync = async (name: string, destinationId: string) =>
    (await api.post("/api/v1/syncs", { name, segmentId, destinationId, identifiers: ["email"] })).sync.id as string;
  const healthy = await sync("Monitoring: cart intent → webhook", await webhook("Webhook (monitoring)", okRx.url));
  const failing = await sync("Monitoring: cart intent → broken endpoint", await webhook("Broken webhook (monitoring)", brokenRx.url));
  await api.runAndWait(healthy);
  await api.runAndWait(failing);

  await page.goto("/monitoring?range=24h");
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible();
  // Needs attention first: every failing sync (other specs' and the demo's may be failing too) before anything else.
  const rows = page.getByTestId("monitoring-row");
  await expect(rows.first()).toHaveAttribute("data-attention", "failing");
  const order = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute("data-attention"), e.textContent ?? ""]));
  const mine = order.findIndex(([, text]) => (text ?? "").includes("Monitoring: cart intent → broken endpoint"));
  expect(mine).toBeGreaterThanOrEqual(0);
  expect(order.slice(0, mine + 1).map(([kind]) => kind)).toEqual(Array(mine + 1).fill("failing"));
  const first = rows.filter({ hasText: "Monitoring: cart intent → broken endpoint" });
  await expect(first.getByTestId("monitoring-cause")).toHaveText(/^Nothing was delivered: \d[\d,]* changes? failed after every retry/);
  const ok = page.getByTestId("monitoring-row").filter({ hasText: "Monitoring: cart intent → webhook" });
  await expect(ok).toHaveAttribute("data-attention", "none");
  await expect(ok.getByTestId("health-label")).toHaveText("Healthy");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/monitoring.png", fullPage: true });

  // The failing sync's trend: the cause, the chart on a time axis, and the sentence under it.
  await first.getByRole("link", { name: "Monitoring: cart intent → broken endpoint" }).click();
  await expect(page.getByTestId("trend-attention")).toHaveText(/^Nothing was delivered/);
  await expect(page.getByTestId("sync-trend-chart")).toBeVisible();
  await expect(page.getByTestId("trend-sentence")).toHaveText(
    /^Only one run in the last 24 hours \(delivered 0\), so nothing to compare yet/,
  );
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/monitoring-sync.png", fullPage: true });

  // A person the healthy sync delivered: their page names the run that added them and why.
  const { members } = await api.get(`/api/v1/syncs/${healthy}/members?limit=1`);
  await page.goto(`/people/${members[0].profileId}`);
  const entry = page.getByTestId("sync-history-entry").filter({ hasText: "Monitoring: cart intent → webhook" });
  await expect(entry).toHaveAttribute("data-kind", "added");
  await expect(entry).toContainText("Added: a member of");
  await expect(entry.getByRole("link", { name: /see the run/ })).toHaveAttribute("href", new RegExp(`^/syncs/${healthy}/runs/`));
  // The broken endpoint never accepted them: no "Added" from it.
  await expect(
    page.getByTestId("sync-history-entry").filter({ hasText: "broken endpoint" }).and(page.locator('[data-kind="added"]')),
  ).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/person-sync-history.png", fullPage: true });
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
  return {
    post,
    get,
    async runAndWait(syncId: string) {
      const { run } = await post(`/api/v1/syncs/${syncId}/runs`, {});
      await expect
        .poll(async () => (await get(`/api/v1/syncs/${syncId}/runs/${run.id}`)).run.status, { timeout: 120_000, intervals: [500] })
        .toMatch(/^(succeeded|partial|failed|cancelled)$/);
    },
  };
}
