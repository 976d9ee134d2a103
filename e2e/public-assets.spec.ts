import { expect, test } from "@playwright/test";

// public/ holds the favicon and the logo the UI shows: a browser asking for /favicon.ico gets the
// icon (not a 404 or the sign-in page), and the mark beside "Downstream" is that same logo file.

test("the favicon is served from public/ to a signed-out visitor", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const body = await res.body();
  // ICONDIR: reserved 0, type 1 (icon), then at least one image.
  expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(body.readUInt16LE(4)).toBeGreaterThan(0);
});

test("the sign-in page links icons that load and shows the logo", async ({ page, request }) => {
  await page.goto("/login");
  const hrefs = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(hrefs.map((h) => new URL(h).pathname).sort()).toEqual(["/favicon.ico", "/logo.svg"]);
  for (const href of hrefs) expect((await request.get(href)).status(), href).toBe(200);

  const logo = page.locator('img[src="/logo.svg"]').first();
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText("Downstream", { exact: true }).first()).toBeVisible();
});
