import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Full-page screenshots for review (screenshots/ is git-ignored). Tagged @screenshots;
// it asserts only that each page rendered its heading, so it never fails on looks.
const pages = [
  { path: "/", file: "overview", heading: "Overview" },
  { path: "/segments", file: "segments", heading: "Segments" },
  { path: "/settings/users", file: "settings-users", heading: "Settings" },
  { path: "/settings/tokens", file: "settings-tokens", heading: "Settings" },
];

test.use({ viewport: { width: 1440, height: 900 } });

test("screenshots of the main pages", { tag: "@screenshots" }, async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
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
