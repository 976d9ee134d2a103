import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
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

test.beforeAll(async ({ request, baseURL }) => {
  mkdirSync("screenshots", { recursive: true });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const { editor } = JSON.parse(readFileSync("e2e/.auth/tokens.json", "utf8")) as Record<string, string>;
  const t = templateByKey("intent-viewed")!;
  segmentName = `${t.name} (Meta e2e)`;
  const res = await request.post("/api/v1/segments", {
    headers: { authorization: `Bearer ${editor}` },
    data: { name: segmentName, definition: t.definition },
  });
  expect(res.status(), await res.text()).toBe(201);
  // The seeded store is small: let the emulator show counts below Meta's 1,000 display threshold.
  // The sandbox controls need an editor (or the sandbox control token).
  const config = await request.post(`${baseURL}/api/sandbox/meta/_sandbox/config`, {
    headers: { authorization: `Bearer ${editor}` },
    data: { countThreshold: 0, countDelaySeconds: 0, matchRate: 0.6 },
  });
  expect(config.ok(), await config.text()).toBe(true);
});

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("connect Meta (emulator), sync a template segment, run it, see match figures", async ({ page, baseURL }) => {
  await signIn(page, "editor");

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
