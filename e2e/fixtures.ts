import { expect, type Page } from "@playwright/test";

// Demo sign-ins created by ensureDemoUsers() (lib/demo/demo-users.ts) in global setup.
export type DemoRole = "viewer" | "editor" | "admin";
export const DEMO_PASSWORD = "downstream-demo";
export const demoEmail = (role: DemoRole) => `${role}@demo.downstream.dev`;

/** Every product area in the sidebar, in order. */
export const AREAS = [
  "Overview",
  "People",
  "Segments",
  "Destinations",
  "Syncs",
  "Event streams",
  "Webhook actions",
  "Validation",
  "Alerts",
  "Settings",
] as const;

export const WRONG_CREDENTIALS = "That email and password don't match an active account.";

/** Signs in through the real form and waits for the console shell. */
export async function signIn(page: Page, role: DemoRole) {
  await signInAs(page, demoEmail(role), DEMO_PASSWORD);
}

export async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email, { timeout: 30_000 });
}

export const sidebar = (page: Page) => page.getByRole("navigation", { name: "Main" });
