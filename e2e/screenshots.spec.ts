import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { signIn } from "./fixtures";

// Full-page screenshots for review (screenshots/ is git-ignored). Tagged @screenshots.
// The main pages test asserts only that each page rendered its heading, so it never fails on
// looks. The sync states test makes real runs for each health state (healthy, failing, below
// the platform's minimum, Meta still calculating) and checks that the list and each sync's page
// say the same (one health model, lib/sync/sync-health.ts) before saving the pictures.
const pages = [
  { path: "/", file: "overview", heading: "Overview" },
  { path: "/segments", file: "segments", heading: "Segments" },
  { path: "/settings/users", file: "settings-users", heading: "Settings" },
  { path: "/settings/tokens", file: "settings-tokens", heading: "Settings" },
];

const SECRET = "e2e-screenshots-signing-secret-01";
let healthyRx: Receiver;
let brokenRx: Receiver;
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  healthyRx = await startReceiver(SECRET);
  brokenRx = await startReceiver(SECRET);
  // Every delivery fails with a server error, retries and all: a run that delivers nothing.
  brokenRx.fault = () => ({ status: 503, apply: false });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await healthyRx?.close();
  await brokenRx?.close();
});

test("screenshots of the main pages", { tag: "@screenshots" }, async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to your workspace" })).toBeVisible();
  await page.screenshot({ path: "screenshots/login.png", fullPage: true });

  await signIn(page, "admin");
  for (const p of pages) {
    await page.goto(p.path);
    await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `screenshots/${p.file}.png`, fullPage: true });
  }
});

test("a sync page in each health state, agreeing with the list", { tag: "@screenshots" }, async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  // The API through the editor's session (the console's own way in): e2e/.auth/tokens.json can be
  // rewritten by another e2e run sharing this checkout.
  await signIn(page, "editor");
  const api = apiClient(page.request, baseURL!);
  await api.post(`${baseURL}/api/sandbox/meta/_sandbox/config`, { countThreshold: 0, countDelaySeconds: 0, matchRate: 0.6 });

  const segment = async (key: string) => {
    const t = templateByKey(key)!;
    return (await api.post("/api/v1/segments", { name: `${t.name} (states)`, definition: t.definition })).segment.id as string;
  };
  const cart = await segment("intent-cart");
  const viewed = await segment("intent-viewed");
  const small = await segment("checkout-no-purchase-2h");
  const webhook = async (name: string, url: string) =>
    (
      await api.post("/api/v1/destinations", {
        name,
        kind: "webhook",
        settings: { url, batchSize: 100 },
        credentials: { signingSecret: SECRET },
      })
    ).destination.id as string;
  const meta = (
    await api.post("/api/v1/destinations", {
      name: "Meta (states)",
      kind: "meta",
      settings: { adAccountId: "act_1001", apiBaseUrl: `${baseURL}/api/sandbox/meta/v24.0` },
      credentials: { accessToken: "EAAB-demo-sandbox-token" },
    })
  ).destination.id as string;
  const sync = async (name: string, segmentId: string, destinationId: string) =>
    (await api.post("/api/v1/syncs", { name, segmentId, destinationId, identifiers: ["email"] })).sync.id as string;

  const healthy = await sync("Healthy: cart intent → webhook", cart, await webhook("Webhook (states)", healthyRx.url));
  const failing = await sync("Failing: cart intent → broken endpoint", cart, await webhook("Broken webhook (states)", brokenRx.url));
  const belowMinimum = await sync("Below minimum: checkout, no purchase → Meta", small, meta);
  const calculating = await sync("Calculating: viewed → Meta", viewed, meta);

  await api.runAndWait(healthy);
  await api.runAndWait(failing);
  await api.runAndWait(belowMinimum);
  await api.runAndWait(calculating);
  // Meta reported a match rate on that run; now its counts lag an hour behind every change.
  await api.post(`${baseURL}/api/sandbox/meta/_sandbox/config`, { countDelaySeconds: 3600 });
  await api.runAndWait(calculating);

  const states: [string, string, string, RegExp | null][] = [
    [healthy, "healthy", "Healthy", null],
    [failing, "failing", "Failing", /^Nothing was delivered: \d[\d,]* changes? failed after every retry/],
    [belowMinimum, "below-minimum", "Needs a look", /needs at least 100 matched people/],
  ];
  for (const [id, file, label, cause] of states) {
    await page.goto(`/syncs/${id}`);
    await expect(page.getByTestId("sync-health").getByTestId("health-label")).toHaveText(label);
    if (cause) await expect(page.getByTestId("health-cause")).toHaveText(cause);
    await screenshot(page, `sync-state-${file}`);
    await expectListSays(page, id, label);
  }

  // Calculating: the last reported match rate with its age, and what Meta says now.
  await page.goto(`/syncs/${calculating}`);
  await expect(page.getByTestId("match-rate-detail")).toContainText("Reported");
  await expect(page.getByTestId("platform-state")).toContainText("calculating");
  const label = await page.getByTestId("sync-health").getByTestId("health-label").innerText();
  await screenshot(page, "sync-state-calculating");
  await expectListSays(page, calculating, label);
  await page.goto("/syncs");
  await screenshot(page, "sync-list-states");
  await page.goto("/");
  await expect(page.getByTestId("overview-syncs")).toContainText("Failing: cart intent → broken endpoint");
  await screenshot(page, "overview-syncs");
});

async function expectListSays(page: Page, syncId: string, label: string) {
  await page.goto("/syncs");
  const row = page.getByTestId("sync-row").filter({ has: page.locator(`a[href="/syncs/${syncId}"]`) });
  await expect(row.getByTestId("health-label")).toHaveText(label);
}

async function screenshot(page: Page, file: string) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `screenshots/${file}.png`, fullPage: true });
}

function apiClient(request: APIRequestContext, origin: string) {
  const headers = { origin };
  const post = async (url: string, data: unknown) => {
    const res = await request.post(url, { headers, data });
    expect(res.ok(), `${url}: ${await res.text()}`).toBe(true);
    return res.json();
  };
  return {
    post,
    async runAndWait(syncId: string) {
      const { run } = await post(`/api/v1/syncs/${syncId}/runs`, {});
      await expect
        .poll(async () => (await (await request.get(`/api/v1/syncs/${syncId}/runs/${run.id}`, { headers })).json()).run.status, {
          timeout: 120_000,
          intervals: [500],
        })
        .toMatch(/^(succeeded|partial|failed|cancelled)$/);
    },
  };
}
