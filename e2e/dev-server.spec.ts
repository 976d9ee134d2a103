import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { freePort } from "@/lib/dev/embedded-postgres";
import { DEMO_PASSWORD, demoEmail } from "./fixtures";

// Issue 9 item 3: `next dev` refused its own scripts to any origin but localhost, so opened at
// http://127.0.0.1:PORT (what a newcomer copies from the terminal) the console never hydrated.
// This starts the dev server as `npm run dev` does (loopback, same config) on the global
// setup's database, opens it at 127.0.0.1, and signs in through the hydrated page. It also
// reads the dev server's output: it must never print the password (Next's dev server logs
// server-action arguments unless told not to).

test.setTimeout(300_000);

let server: ChildProcess | undefined;
let output = "";

test.afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => (server!.exitCode !== null ? r(null) : server!.once("exit", r)));
  }
});

test("the dev server opened at 127.0.0.1 hydrates and signs in", async ({ page }) => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      NEXT_DIST_DIR: ".next-runtime-dev",
      NEXTAUTH_URL: origin,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so afterAll stops Next's forked server too
  });
  server.stdout!.on("data", (c) => (output += String(c)));
  server.stderr!.on("data", (c) => (output += String(c)));
  for (let i = 0; i < 240 && !/Ready in/.test(output); i++) {
    expect(server.exitCode, `next dev exited:\n${output}`).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
  }

  const browserErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && browserErrors.push(m.text()));
  await page.goto(`${origin}/login`, { timeout: 180_000 });
  // Only a hydrated page reacts to this button: it fills the form from client-side code.
  const pick = page.getByRole("button", { name: new RegExp(demoEmail("admin")) });
  await expect(async () => {
    await pick.click();
    await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(demoEmail("admin"), { timeout: 180_000 });

  // A server action that takes a password: Next's dev logger would print
  // {"email":…,"name":…,"password":"…"} for it.
  const secret = "dev-log-secret-4821";
  const email = `dev-log-${Date.now()}@example.com`;
  await page.goto(`${origin}/settings/users`, { timeout: 180_000 });
  await page.getByRole("button", { name: "Create user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Initial password").fill(secret);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toBeVisible({ timeout: 120_000 });
  await new Promise((r) => setTimeout(r, 500)); // the request log line follows the response

  expect(output).not.toContain(secret);
  expect(output).not.toMatch(/Blocked cross-origin request/);
  expect(output).not.toContain(DEMO_PASSWORD);
  expect(browserErrors.join("\n")).not.toMatch(/cross-origin|_next\/webpack-hmr|_next\/hmr/i);
});
