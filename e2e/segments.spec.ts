import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// A marketer builds "checkout started, no purchase since, at least 2 hours ago" in the
// builder, watches the live preview, saves it, and lands on the segment page; then edits
// it and sees the change impact before saving. Screenshots go to screenshots/ for review.

test.use({ viewport: { width: 1440, height: 1000 } });

test("build, preview and save a checkout-abandonment segment", async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "editor");

  await page.goto("/segments");
  await expect(page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Start from the retention playbook" })).toBeVisible();
  await page.screenshot({ path: "screenshots/segments-list.png", fullPage: true });

  await page.getByRole("link", { name: "New segment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New segment" })).toBeVisible();
  await page.getByRole("button", { name: "Add the first rule" }).click();
  await page.getByRole("menuitem", { name: /Did something, and nothing since/ }).click();

  const rule = page.getByRole("region", { name: "Rule 1", exact: true });
  await rule.getByLabel("First event", { exact: true }).selectOption("checkout_started");
  await rule.getByLabel("First event window", { exact: true }).selectOption("last");
  await rule.getByLabel("First event window: amount").fill("3");
  await rule.getByLabel("First event window: unit").selectOption("days");
  await rule.getByRole("checkbox", { name: "at least" }).check();
  await rule.getByLabel("Minimum age: amount").fill("2");
  await rule.getByLabel("Minimum age: unit").selectOption("hours");
  await expect(rule.getByLabel("Then no")).toHaveValue("order_completed");

  const description = page.getByTestId("preview-description");
  await expect(description).toContainText("People who started checkout in the last 3 days, at least 2 hours ago, with no purchase since.");
  await expect(page.getByTestId("preview-count")).toContainText(/\d+ (people|person)/);
  // The linter asks for a timebox on an intent audience; adding one clears it.
  await expect(page.getByTestId("lints")).toContainText("membership cap");
  await page.getByRole("checkbox", { name: "Timebox membership" }).check();
  await expect(description).toContainText("after 3 days in the segment");
  // Other specs may already hold a segment with these rules (the duplicate lint): only the cap lint must go.
  await expect(page.getByTestId("lints").filter({ hasText: "membership cap" })).toHaveCount(0);
  await page.getByLabel("Segment name").fill("Checkout abandoners (2h)");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/segment-builder.png", fullPage: true });

  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByLabel("Definition JSON")).toHaveValue(/"atLeastAgo"/);
  await page.screenshot({ path: "screenshots/segment-builder-json.png", fullPage: true });
  await page.getByRole("tab", { name: "Rules" }).click();

  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout abandoners (2h)" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("segment-description")).toContainText("at least 2 hours ago, with no purchase since");
  // Not compared with the preview: demo checkouts keep crossing the 2-hour line while the test runs.
  await expect(page.getByTestId("segment-size")).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId("version-history")).toContainText("Version 1");
  await page.screenshot({ path: "screenshots/segment-detail.png", fullPage: true });

  // Editing shows who would enter and leave before saving.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("region", { name: "Rule 1", exact: true }).getByLabel("Minimum age: amount").fill("1");
  await expect(page.getByTestId("preview-description")).toContainText("at least 1 hour ago");
  await expect(page.getByTestId("preview-impact")).toContainText(/\+\d+ enter/);
  await expect(page.getByTestId("preview-impact")).toContainText("No syncs use this segment yet");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/segment-edit-impact.png", fullPage: true });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("version-history")).toContainText("Version 2", { timeout: 30_000 });
});

test("start from a playbook template", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/segments");
  await page
    .getByRole("listitem")
    .filter({ hasText: "Reactivation: 90+ days since last purchase" })
    .getByRole("link", { name: "Use this template" })
    .click();
  await expect(page.getByTestId("preview-description")).toContainText("whose last purchase date is more than 90 days ago");
  await expect(page.getByRole("region", { name: "Rule 2", exact: true })).toContainText("Match");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "screenshots/segment-template-reactivation.png", fullPage: true });
});
