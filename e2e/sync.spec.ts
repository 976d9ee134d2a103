import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { templateByKey } from "../lib/segments/templates";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { signIn } from "./fixtures";

// The audience sync engine in the browser: a purchase suppression rule, a webhook destination
// pointed at a receiver this spec runs, a sync from a template segment, "Sync now", the run
// finishing live on its page, and the sync's chart. A job worker runs beside the app, as in
// production (the e2e server is `next start` only).

const SECRET = "e2e-webhook-signing-secret-0123";
let rx: Receiver;
let worker: ChildProcess;
const segmentIds: Record<string, string> = {};

test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

test.beforeAll(async ({ request }) => {
  mkdirSync("screenshots", { recursive: true });
  rx = await startReceiver(SECRET);
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const { editor } = JSON.parse(readFileSync("e2e/.auth/tokens.json", "utf8")) as Record<string, string>;
  // Template segments through the segments API: the audience, and the purchasers to hold out.
  for (const key of ["intent-cart", "purchased-7d"]) {
    const t = templateByKey(key)!;
    const res = await request.post("/api/v1/segments", {
      headers: { authorization: `Bearer ${editor}` },
      data: { name: t.name, definition: t.definition },
    });
    expect(res.status(), await res.text()).toBe(201);
    segmentIds[key] = (await res.json()).segment.id;
  }
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await rx?.close();
});

test("webhook destination, sync with the purchase suppression rule, run it, see it finish and the chart", async ({ page }) => {
  const cart = templateByKey("intent-cart")!.name;
  await signIn(page, "editor");

  // 1. The suppression rule: recent purchasers leave every promotional audience.
  await page.goto("/suppression");
  await page.getByRole("button", { name: "New rule" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Purchased in the last 7 days");
  await page.getByLabel("Hold out members of").selectOption(segmentIds["purchased-7d"]!);
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("rule-name").filter({ hasText: "Purchased in the last 7 days" })).toBeVisible();

  // 2. A webhook destination pointed at our receiver; creating it tests the connection.
  await page.goto("/destinations");
  await page.getByRole("link", { name: "Connect destination" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Connect a destination" })).toBeVisible();
  await page.getByTestId("kind-webhook").click();
  await expect(page.getByRole("heading", { level: 1, name: "Connect Webhook" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("E2E webhook");
  await page.getByLabel("Endpoint URL").fill(rx.url);
  await page.getByLabel("Batch size").fill("50");
  await page.getByLabel("Signing secret").fill(SECRET);
  await page.screenshot({ path: "screenshots/destination-new-webhook.png", fullPage: true });
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E webhook" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("The endpoint answered HTTP 200 to a signed ping.")).toBeVisible();
  await page.screenshot({ path: "screenshots/destination-detail.png", fullPage: true });

  // 3. A sync from the template segment, through the wizard; saved as a draft, then run by hand.
  await page.goto("/syncs/new");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: cart });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Destination", { exact: true }).selectOption({ label: "E2E webhook (Webhook)" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Holdout (%)").fill("10");
  await page.screenshot({ path: "screenshots/sync-new-exclusions.png", fullPage: true });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${cart} → E2E webhook` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("sync-rules")).toContainText("Purchased in the last 7 days");

  // 4. Sync now opens the run page, which follows the run live until it finishes.
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sync run" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await page.screenshot({ path: "screenshots/sync-run.png", fullPage: true });
  const added = Number((await page.getByTestId("delivery-figures").locator("dd").first().innerText()).replace(/,/g, ""));
  expect(added).toBeGreaterThan(0);

  // 5. The sync's page: the run in the history and the chart from its snapshot.
  await page.getByRole("link", { name: `← ${cart} → E2E webhook` }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(1);
  await expect(page.getByTestId("sync-health-chart")).toBeVisible();
  // One run so far: one point per series, drawn as dots (segment size, eligible, delivered).
  await expect(page.getByTestId("sync-health-chart").locator(".recharts-line-dot").first()).toBeVisible();
  await page.screenshot({ path: "screenshots/sync-detail.png", fullPage: true });
  await page.goto("/syncs");
  await page.screenshot({ path: "screenshots/sync-list.png", fullPage: true });
  await page.goto("/suppression");
  // Other specs share this database and may add syncs of their own: find ours among the rows.
  await expect(page.getByTestId("coverage-row").filter({ hasText: "E2E webhook" })).toContainText(`${cart} → E2E webhook`);
  await page.screenshot({ path: "screenshots/suppression.png", fullPage: true });

  // 6. The receiver got exactly what the run says, signed, and no purchaser in any add.
  expect(rx.badSignatures).toBe(0);
  expect(rx.members.size).toBe(added);
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>("SELECT profile_id::text AS id FROM segment_memberships WHERE segment_id = $1", [
      segmentIds["purchased-7d"],
    ]);
    expect([...rx.everAdded].filter((k) => rows.some((r) => r.id === k))).toEqual([]);
  } finally {
    await db.end();
  }
});
