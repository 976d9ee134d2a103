import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { signIn } from "./fixtures";

// TikTok's destination form says how identifiers go out: the extra "+tag" removal TikTok does not
// ask for is off and says its risk, phones default to TikTok's recommended form, and a TikTok
// destination created through the form keeps both. Then the demo's TikTok destination (the
// emulator the app mounts at /api/sandbox/tiktok, TikTok's trailing-slash paths such as
// user/info/) connects and a sync run delivers: Next's trailing-slash 308 no longer stands in the
// way (next.config.ts skipTrailingSlashRedirect, proxy.ts), and the connector still follows no redirect.

let worker: ChildProcess | undefined;
test.afterAll(() => {
  worker?.kill("SIGTERM");
});

test("new TikTok destination: +tag removal is off and explained, phones go international with +", async ({ page, baseURL }) => {
  await signIn(page, "editor");
  await page.goto("/destinations/new");
  await page.getByTestId("kind-tiktok").click();
  await expect(page.getByRole("heading", { level: 1, name: /Connect TikTok/ })).toBeVisible();

  const plusTag = page.getByRole("checkbox", { name: /Remove “\+tag” from emails/ });
  await expect(plusTag).not.toBeChecked();
  await expect(page.getByText(/may be someone else’s address/)).toBeVisible();
  await expect(page.getByLabel("Phone format")).toHaveValue("e164");

  await page.getByLabel("Name", { exact: true }).fill("E2E TikTok");
  await page.getByLabel("Advertiser ID").fill("7000000000001");
  await page.getByLabel("API base URL").fill(`${baseURL}/api/sandbox/tiktok/open_api/v1.3`);
  await page.getByLabel("Access token").fill("demo-tiktok-access-token");
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E TikTok" })).toBeVisible({ timeout: 30_000 });

  // Saved as shown: the destination's page (an editor sees the form again) keeps both choices.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Remove “\+tag” from emails/ })).not.toBeChecked();
  await expect(page.getByLabel("Phone format")).toHaveValue("e164");
});

test("the demo-style TikTok destination connects through the mounted emulator and a sync run delivers", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  // A job worker beside the app, as in production (the e2e server is `next start` only).
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await signIn(page, "editor");
  // The mounted emulator answers TikTok's own path, trailing slash and all, with no redirect.
  const info = await page.request.get(`${baseURL}/api/sandbox/tiktok/open_api/v1.3/user/info/`, {
    headers: { "Access-Token": "demo-tiktok-access-token" },
    maxRedirects: 0,
  });
  expect(info.status(), await info.text()).toBe(200);
  // Other paths still have one URL: a page or API route with a trailing slash redirects to it.
  const page308 = await page.request.get(`${baseURL}/syncs/`, { maxRedirects: 0 });
  expect(page308.status()).toBe(308);
  expect(new URL(page308.headers().location!, baseURL).pathname).toBe("/syncs");
  const api308 = await page.request.get(`${baseURL}/api/v1/syncs/`, { maxRedirects: 0 });
  expect(api308.status()).toBe(308);
  expect(new URL(api308.headers().location!, baseURL).pathname).toBe("/api/v1/syncs");

  // The demo's TikTok settings (lib/sandbox/emulators.ts sandboxSettings): advertiser, mounted API base, sandbox token.
  await page.goto("/destinations/new");
  await page.getByTestId("kind-tiktok").click();
  await page.getByLabel("Name", { exact: true }).fill("E2E TikTok demo");
  await page.getByLabel("Advertiser ID").fill("7000000000001");
  await page.getByLabel("API base URL").fill(`${baseURL}/api/sandbox/tiktok/open_api/v1.3`);
  await page.getByLabel("Access token").fill("demo-tiktok-access-token");
  await page.getByRole("button", { name: "Connect and test" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E TikTok demo" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Connected to advertiser 7000000000001/).first()).toBeVisible();
  // Testing again stores a newer result, and the page shows it once: its banner (the header says when it ran).
  const destinationUrl = `/api/v1/destinations/${new URL(page.url()).pathname.split("/").pop()}`;
  const testedAt = async () => (await (await page.request.get(destinationUrl)).json()).destination.lastTestedAt as string;
  const before = await testedAt();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect.poll(testedAt, { timeout: 30_000 }).not.toBe(before);
  await expect(page.getByRole("button", { name: "Test connection" })).toBeEnabled({ timeout: 30_000 });
  const connected = page.locator("div.min-w-0", { hasText: /^ConnectedConnected to advertiser 7000000000001/ });
  await expect(connected).toHaveCount(1);
  await expect(page.getByText(/test failed|could not be tested/)).toHaveCount(0);

  const t = templateByKey("intent-viewed")!;
  const segmentName = `${t.name} (TikTok e2e)`;
  const seg = await page.request.post("/api/v1/segments", { data: { name: segmentName, definition: t.definition } });
  expect(seg.status(), await seg.text()).toBe(201);
  await page.goto("/syncs/new");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: segmentName });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Destination", { exact: true }).selectOption({ label: "E2E TikTok demo (TikTok custom audiences)" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${segmentName} → E2E TikTok demo` })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sync run" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  const added = page.getByTestId("delivery-figures").locator("div", { hasText: /^Added/ });
  await expect(added.locator("dd")).not.toHaveText("0");
  await expect(page.getByRole("row", { name: /segment\/mapping/ }).first()).toBeVisible();
});

/** Every page and route handler of the built app without a dynamic segment, as URL paths. */
function staticPaths(file: "page.tsx" | "route.ts"): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith("[")) walk(path.join(dir, e.name));
      else if (e.isFile() && e.name === file) found.push(dir);
    }
  };
  walk("app");
  return found.map(
    (dir) =>
      "/" +
      path
        .relative("app", dir)
        .split(path.sep)
        .filter((seg) => seg && !seg.startsWith("("))
        .join("/"),
  );
}

test("every page and API route keeps one URL: with a trailing slash it redirects to the slashless path", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signIn(page, "editor");
  const pages = staticPaths("page.tsx");
  const routes = staticPaths("route.ts").filter((p) => p.startsWith("/api/"));
  expect(pages).toContain("/syncs");
  expect(routes).toContain("/api/v1/syncs");
  for (const p of [...pages, ...routes]) {
    const plain = await page.request.get(`${baseURL}${p}`, { maxRedirects: 0 });
    // Answered by its own route (whatever it says to an editor's GET), never redirected or broken.
    expect(plain.status(), p).not.toBe(308);
    expect(plain.status(), p).toBeLessThan(500);
    if (p === "/") continue;
    const slashed = await page.request.get(`${baseURL}${p}/?x=1`, { maxRedirects: 0 });
    expect(slashed.status(), `${p}/`).toBe(308);
    const to = new URL(slashed.headers().location!, baseURL);
    expect(`${to.pathname}${to.search}`, `${p}/`).toBe(`${p}?x=1`);
  }
});
