import { mkdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Data in, end to end in the browser: import people from a CSV with a few bad rows, read the
// error file, find an imported person, and look at the identity audit and Sources pages.

test.use({ viewport: { width: 1440, height: 900 } });

const CSV = [
  "customer_id,email,phone,first_name,lifetime_value",
  "e2e-001, Grace.Hopper@Example.com ,(415) 555-0199,Grace,1200.50",
  "e2e-002,alan@example.com,+44 7911 123456,Alan,80",
  "e2e-003,not-an-email,555,Bad,10",
  ",,,Nobody,5",
  "e2e-005,ada@example.com,,Ada,lots",
  "e2e-006,short@example.com",
].join("\n");

test("CSV import of people with bad rows, the error file, then finding an imported person", async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "admin");

  await page.goto("/people");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import CSV" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });

  // Mapping: the guesses, plus one change by hand (lifetime_value is a number).
  await expect(page.getByTestId("mapping-row")).toHaveCount(5);
  await expect(page.getByLabel("Import customer_id as")).toHaveValue("external_id");
  await expect(page.getByLabel("Import email as")).toHaveValue("email");
  await page.getByLabel("Type of lifetime_value").selectOption("number");

  // The preview is the server's verdict on the first rows.
  await expect(page.getByTestId("preview-row")).toHaveCount(6);
  await expect(page.getByTestId("preview-row").nth(0)).toContainText("grace.hopper@example.com");
  await expect(page.getByTestId("preview-row").nth(4)).toContainText('"lots" is not a number');
  await page.screenshot({ path: "screenshots/people-import-preview.png", fullPage: true });

  await page.getByRole("button", { name: "Import people.csv" }).click();
  await expect(page.getByText("Import finished")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("3 of 6 rows imported")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: "screenshots/people-import-done.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download error file" }).click()]);
  expect(download.suggestedFilename()).toBe("people-errors.csv");
  const errors = readFileSync(await download.path(), "utf8");
  expect(errors.split("\n")[0]).toBe("row,line,column,value,severity,error");
  expect(errors).toContain('3,4,email,not-an-email,warning,"invalid email (no @); kept as typed, will not match"');
  expect(errors).toContain("4,5,,,error,");
  expect(errors).toContain('5,6,lifetime_value,lots,error,"""lots"" is not a number');
  expect(errors).toContain("6,7,,,error,row has 2 fields; the header has 5");

  // Find Grace by her email as someone might type it, and open her profile.
  await page.goto("/people");
  await page.getByLabel("Search people").fill("  GRACE.HOPPER@example.com");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("person-row")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/people-search.png", fullPage: true });
  await page.getByRole("link", { name: "e2e-001" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "e2e-001" })).toBeVisible();
  await expect(page.getByText("grace.hopper@example.com", { exact: true })).toBeVisible();
  await expect(page.getByText("+14155550199")).toBeVisible();
  await expect(page.getByText("1200.5")).toBeVisible();
  await page.screenshot({ path: "screenshots/person.png", fullPage: true });

  // The person with bad identifiers: kept as typed, with the reasons.
  await page.goto("/people?q=e2e-003");
  await page.getByRole("link", { name: "e2e-003" }).click();
  await expect(page.getByText("no @", { exact: true })).toBeVisible();
  await expect(page.getByText("too short for US", { exact: true })).toBeVisible();
});

test("a demo person's timeline, the identity audit and Settings → Sources", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/people");
  await expect(page.getByTestId("person-row").first()).toBeVisible();
  await page.screenshot({ path: "screenshots/people.png", fullPage: true });
  await page.getByTestId("person-row").nth(3).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Event timeline" })).toBeVisible();
  await page.screenshot({ path: "screenshots/person-demo.png", fullPage: true });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Identity audit" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Duplicates after normalization" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Coverage by day/ })).toBeVisible();
  await page.waitForTimeout(500); // let the chart lay out
  await page.screenshot({ path: "screenshots/identity-audit.png", fullPage: true });

  await page.goto("/settings/sources");
  await page.getByRole("button", { name: "Add source" }).click();
  await page.getByLabel("Name").fill("Web store");
  await page.getByRole("button", { name: "Add source" }).last().click();
  await expect(page.getByTestId("source-name").filter({ hasText: "Web store" })).toBeVisible();
  await page.getByRole("button", { name: "Reveal API key" }).last().click();
  await expect(page.getByLabel("Customer.io Track API key")).toHaveValue(/^[0-9a-f]{32}$/);
  await page.screenshot({ path: "screenshots/settings-sources.png", fullPage: true });
});

test("the ingest endpoints and the people API through the production server", async ({ request }) => {
  const { admin } = JSON.parse(readFileSync("e2e/.auth/tokens.json", "utf8")) as Record<string, string>;
  const created = await request.post("/api/v1/sources", {
    headers: { Authorization: `Bearer ${admin}` },
    data: { name: "E2E API source", webhookSigningKey: "e2e-signing-key" },
  });
  expect(created.status()).toBe(201);
  const { source } = await created.json();
  const segment = { Authorization: `Basic ${Buffer.from(`${source.segment.writeKey}:`).toString("base64")}` };
  const cio = { Authorization: `Basic ${Buffer.from(`${source.customerio.siteId}:${source.customerio.apiKey}`).toString("base64")}` };
  const id = "team/α 50%"; // an external id that needs URL encoding, slash included

  const batch = await request.post("/api/ingest/v1/batch", {
    headers: segment,
    data: {
      batch: [
        {
          type: "identify",
          userId: id,
          anonymousId: "e2e-anon",
          traits: { email: " Team@Example.com", plan: "team" },
          messageId: "e2e-m1",
        },
        { type: "track", userId: id, event: "Order Completed", properties: { total: 9 }, messageId: "e2e-m2" },
        { type: "track", event: "No identity", messageId: "e2e-m3" },
      ],
    },
  });
  expect(batch.status()).toBe(200);
  expect(await batch.json()).toMatchObject({ success: true, stored: 2, rejected: [{ index: 2, field: "userId" }] });
  expect((await request.post("/api/ingest/v1/batch", { headers: segment, data: "{oops" })).status()).toBe(400);
  expect(
    (
      await request.post("/api/ingest/v1/track", { headers: { Authorization: "Basic bm9wZTo=" }, data: { userId: "x", event: "e" } })
    ).status(),
  ).toBe(401);

  const put = await request.put(`/api/ingest/cio/v1/customers/${encodeURIComponent(id)}`, { headers: cio, data: { seats: 12 } });
  expect(put.status()).toBe(200);
  expect(await put.json()).toEqual({});
  const bad = await request.post(`/api/ingest/cio/v1/customers/${encodeURIComponent(id)}/events`, { headers: cio, data: { name: "" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).meta.errors[0]).toContain("name");

  const person = await request.get(`/api/v1/people/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${admin}` } });
  expect(person.status()).toBe(200);
  expect((await person.json()).person).toMatchObject({
    externalId: id,
    attributes: { plan: "team", seats: 12 },
    identifiers: { email: { normalized: "team@example.com" }, anonymousIds: ["e2e-anon"] },
  });
  const events = await request.get(`/api/v1/people/${encodeURIComponent(id)}/events?limit=1`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  expect(await events.json()).toMatchObject({ events: [{ name: expect.any(String) }], nextCursor: expect.any(String) });
  const found = await request.get(`/api/v1/people?search=${encodeURIComponent("TEAM@example.com ")}`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  expect((await found.json()).people.map((p: { externalId: string }) => p.externalId)).toContain(id);
});
