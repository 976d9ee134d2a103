import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { signIn } from "./fixtures";

// Meta Custom Audiences in the browser: connect a Meta destination through the form, aimed at
// the emulator the e2e server mounts (/api/sandbox/meta), make a sync from a template segment,
// run it, and see the platform's match figures on the sync's page and chart. A job worker runs
// beside the app, as in production (the e2e server is `next start` only), like sync.spec.ts.

let worker: ChildProcess;
let segmentName = "";

test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

test.beforeAll(() => {
  mkdirSync("screenshots", { recursive: true });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
});

/**
 * The template segment both tests sync, and the Meta emulator's display threshold lowered for the
 * small seeded store. Through the signed-in editor's session (page.request), not the token file:
 * parallel e2e runs rewrite e2e/.auth/tokens.json. The sandbox controls need an editor.
 */
async function ensureSetup(page: Page, baseURL: string | undefined) {
  if (segmentName) return;
  const t = templateByKey("intent-viewed")!;
  const name = `${t.name} (Meta e2e)`;
  const res = await page.request.post("/api/v1/segments", { data: { name, definition: t.definition } });
  expect(res.status(), await res.text()).toBe(201);
  const config = await page.request.post(`${baseURL}/api/sandbox/meta/_sandbox/config`, {
    data: { countThreshold: 0, countDelaySeconds: 0, matchRate: 0.6 },
  });
  expect(config.ok(), await config.text()).toBe(true);
  segmentName = name;
}

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("connect Meta (emulator), sync a template segment, run it, see match figures", async ({ page, baseURL }) => {
  await signIn(page, "editor");
  await ensureSetup(page, baseURL);

  // 1. Connect Meta through the form generated from the connector's settings schema.
  await page.goto("/destinations/new");
  await page.getByTestId("kind-meta").click();
  await expect(page.getByRole("heading", { level: 1, name: /Connect Meta/ })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("E2E Meta");
  await page.getByLabel("Ad account ID").fill("act_1001");
  await page.getByLabel("API base URL").fill(`${baseURL}/api/sandbox/meta/v24.0`);
  // The emulators accept only the sandbox token (lib/sandbox/sandbox-credentials.ts).
  await page.getByLabel("Access token").fill("EAAB-demo-sandbox-token");
  await page.screenshot({ path: "screenshots/destination-new-meta.png", fullPage: true });
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E Meta" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Connected to .*act_1001/)).toBeVisible();
  await page.screenshot({ path: "screenshots/destination-detail-meta.png", fullPage: true });

  // 2. A sync from the template segment; the wizard shows the match-rate ceiling from coverage.
  await page.goto("/syncs/new");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: segmentName });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Destination", { exact: true }).selectOption({ label: "E2E Meta (Meta Custom Audiences)" });
  await expect(page.getByTestId("match-expectation")).toContainText(/At most \d+% can match/);
  await page.screenshot({ path: "screenshots/sync-new-meta-identifiers.png", fullPage: true });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${segmentName} → E2E Meta` })).toBeVisible({ timeout: 30_000 });

  // 3. Run it: the run page follows it live, then says when Meta should show the audience.
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sync run" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("expected-visible-by")).toContainText("Expected visible on the platform by");
  await page.screenshot({ path: "screenshots/sync-run-meta.png", fullPage: true });

  // 4. The sync's page: Meta's own figures and the match rate on the chart.
  await page.getByRole("link", { name: `← ${segmentName} → E2E Meta` }).click();
  const figures = page.getByTestId("platform-figures");
  await expect(figures).toContainText("Approximate count, lower bound");
  await expect(figures).toContainText("Rows received (last run)");
  await expect(page.getByTestId("sync-health-chart")).toHaveAttribute("aria-label", /match rate \d+%/);
  await expect(page.getByTestId("visibility")).toContainText(/visible/i);
  await page.screenshot({ path: "screenshots/sync-detail-meta.png", fullPage: true });
});

// Google Customer Match through the Data Manager API (the default Google API since April 2026),
// aimed at the Data Manager emulator: no developer token, consent and terms attested in the form;
// the run page and the sync's page show what Google reported (request id and status).
test("connect Google through the Data Manager API (emulator), run a sync, see Google's request status", async ({ page, baseURL }) => {
  await signIn(page, "editor");
  await ensureSetup(page, baseURL);
  const dm = `${baseURL}/api/sandbox/google-data-manager`;

  await page.goto("/destinations/new");
  await page.getByTestId("kind-google_ads").click();
  await page.getByLabel("Name", { exact: true }).fill("E2E Google");
  // The API choice comes first and defaults to the Data Manager API; the Ads API says who it is for.
  const api = page.getByLabel("Google API", { exact: true });
  await expect(api).toHaveValue("data_manager");
  await expect(api.locator("option")).toHaveText([
    "Data Manager API (recommended, every account)",
    "Google Ads API (accounts already allowlisted for Customer Match)",
  ]);
  await page.getByLabel("Customer ID", { exact: true }).fill("123-456-7890");
  await page.getByLabel("Ad user data consent", { exact: true }).selectOption("GRANTED");
  await page.getByLabel("Ad personalization consent", { exact: true }).selectOption("GRANTED");
  await page.getByLabel(/Customer Match terms accepted/).check();
  await page.getByLabel("Data Manager API base URL", { exact: true }).fill(`${dm}/v1`);
  await page.getByLabel("OAuth token URL", { exact: true }).fill(`${dm}/oauth2/v4/token`);
  // No developer token: the Data Manager API has none (lib/sandbox/sandbox-credentials.ts for the rest).
  await page.getByLabel("Client ID", { exact: true }).fill("demo-client.apps.googleusercontent.com");
  await page.getByLabel("Client secret", { exact: true }).fill("demo-client-secret");
  await page.getByLabel("Refresh token", { exact: true }).fill("1//demo-refresh-token");
  await page.screenshot({ path: "screenshots/destination-new-google-data-manager.png", fullPage: true });
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E Google" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Connected to GOOGLE_ADS account 1234567890 through the Data Manager API/)).toBeVisible();

  await page.goto("/syncs/new");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: segmentName });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Destination", { exact: true }).selectOption({ label: "E2E Google (Google Customer Match)" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${segmentName} → E2E Google` })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sync run" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  // Each batch: the Data Manager request id and what requestStatus:retrieve said about it.
  const batch = page.getByRole("row", { name: /operation=audienceMembers:ingest/ }).first();
  await expect(batch).toContainText(/request_id=[0-9a-f-]{36}/);
  await expect(batch).toContainText("request_status=SUCCESS");
  await expect(batch).toContainText("failed_records=0");
  await page.screenshot({ path: "screenshots/sync-run-google-data-manager.png", fullPage: true });

  await page.getByRole("link", { name: `← ${segmentName} → E2E Google` }).click();
  const figures = page.getByTestId("platform-figures");
  await expect(figures).toContainText("Google request status (last run)");
  await expect(figures).toContainText("SUCCESS");
  await page.screenshot({ path: "screenshots/sync-detail-google-data-manager.png", fullPage: true });
});
