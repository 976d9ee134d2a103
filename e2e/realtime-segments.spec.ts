import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Near-real-time audiences in the browser: a marketer's segment on "started checkout" gains a
// customer within seconds of the Segment API storing that customer's event, with no refresh and
// nobody pressing anything: the worker's near-real-time pass does it (as in production, the worker
// runs beside `next start`). The segment page and the builder say so. Tagged @screenshots.

const RUN = Date.now().toString(36);
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 1000 } });

test.beforeAll(() => {
  mkdirSync("screenshots", { recursive: true });
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
});
test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("a new checkout joins its segment within seconds, without a refresh", { tag: "@screenshots" }, async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "admin");
  const event = `checkout_started_${RUN}`;
  const created = await page.request.post("/api/v1/segments", {
    data: {
      name: `Started checkout today ${RUN}`,
      definition: {
        match: "all",
        conditions: [{ type: "event", event, performed: true, window: { type: "last", amount: 1, unit: "days" } }],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const segmentId = ((await created.json()) as { segment: { id: string } }).segment.id;
  const source = await page.request.post("/api/v1/sources", { data: { name: `Realtime source ${RUN}` } });
  expect(source.status(), await source.text()).toBe(201);
  const { writeKey } = ((await source.json()) as { source: { segment: { writeKey: string } } }).source.segment;

  await page.goto(`/segments/${segmentId}`);
  await expect(page.getByText("Nobody is in this segment right now.")).toBeVisible();
  await expect(page.getByText("New activity")).toBeVisible();
  await expect(page.getByText("counts within seconds")).toBeVisible();

  const email = `rt-${RUN}@example.com`;
  const batch = await page.request.post("/api/ingest/v1/batch", {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}` },
    data: {
      batch: [
        { type: "identify", userId: `rt-${RUN}`, traits: { email }, messageId: `${RUN}-1` },
        { type: "track", userId: `rt-${RUN}`, event, properties: { value: 42 }, messageId: `${RUN}-2` },
      ],
    },
  });
  expect(batch.status(), await batch.text()).toBe(200);

  // The pass runs every 10 s; allow for a busy machine, but far less than the 15-minute refresh.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table").getByText(email)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await expect(page.getByText("Nobody is in this segment right now.")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/segment-realtime.png", fullPage: true });

  await page.goto(`/segments/${segmentId}/edit`);
  await expect(page.getByText("People join or leave within seconds of new activity.")).toBeVisible();
  await expect(page.getByText("Re-check everyone every")).toBeVisible();
  await page.getByText("Re-check everyone every").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "screenshots/segment-builder-realtime.png" });
});
