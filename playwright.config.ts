import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Browser tests run against a production build (`next start`) on a real embedded Postgres,
// both started by e2e/global-setup.ts. Chromium comes from Debian (/usr/bin/chromium):
// Playwright cannot download browsers here.
process.env.E2E_PORT ??= "3210";
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Artifacts go to their own folder: Playwright empties outputDir at start, and test-results/
  // also holds the other runners' reports.
  outputDir: "test-results/e2e-artifacts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
