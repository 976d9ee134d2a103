import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// The API reference in the console: rendered from /api/v1/openapi.json by the bundled
// renderer, with nothing fetched from any other host (no CDN, fonts or telemetry).

test("the OpenAPI document is public and describes the API", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths["/segments"].get.operationId).toBe("listSegments");
  // The document is public; the operations it describes are not.
  expect((await request.get("/api/v1/segments")).status()).toBe(401);
});

test("Settings → API reference lists the operations, served from this console only", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) elsewhere.push(r.url());
  });
  await signIn(page, "viewer");
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/settings\/api$/);
  const reference = page.getByTestId("api-reference");
  await expect(reference.getByRole("heading", { name: "Downstream management API" })).toBeVisible({ timeout: 30_000 });
  for (const tag of ["Segments", "Syncs", "Destinations", "Suppression rules", "Sources", "People", "Workspace"])
    await expect(reference.getByRole("link", { name: tag, exact: true }).first()).toBeVisible();
  // The operations, with the summaries from lib/openapi/operations.
  await expect(reference.getByRole("link", { name: /^List segments HTTP Method: GET/ })).toBeVisible();
  await expect(reference.getByRole("link", { name: /^Create a segment HTTP Method: POST/ })).toBeVisible();
  await page.waitForLoadState("networkidle");
  mkdirSync("screenshots", { recursive: true });
  await page.screenshot({ path: "screenshots/api-reference.png" });
  await reference.getByRole("button", { name: "Open Group - Syncs" }).click();
  await expect(reference.getByRole("link", { name: /^Run a sync, or plan a run HTTP Method: POST/ })).toBeVisible();
  await reference.getByRole("link", { name: /^List segments HTTP Method: GET/ }).click();
  await expect(reference.getByText("How many items per page (1 to 500).").first()).toBeVisible();
  // Example counts are plain numbers, not zod's ±2^53 integer bounds.
  await expect(reference.getByText("-9007199254740991")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/api-reference-operation.png" });
  expect(elsewhere).toEqual([]);
});
