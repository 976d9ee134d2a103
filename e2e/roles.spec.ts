import { expect, test, type Page } from "@playwright/test";
import { AREAS, DEMO_PASSWORD, signIn, signInAs, sidebar, WRONG_CREDENTIALS, type DemoRole } from "./fixtures";

// What each role sees and may do in the console. The UI hides what a role can't use;
// the server refuses it regardless (checked through the API with the same session).

async function expectShell(page: Page, role: DemoRole) {
  for (const area of AREAS) await expect(sidebar(page).getByRole("link", { name: area, exact: true })).toBeVisible();
  await expect(page.getByTestId("signed-in-role")).toHaveText(role[0].toUpperCase() + role.slice(1));
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

async function expectNoAdminControls(page: Page) {
  await page.goto("/settings/users");
  await expect(page.getByText("Only admins can manage access.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create user" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Disable" })).toHaveCount(0);
  await expect(page.getByTestId("user-row").first()).toBeVisible();

  await page.goto("/settings/tokens");
  await expect(page.getByText("Only admins can create or revoke API tokens.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The server refuses too, whatever the UI shows (the API accepts the console session).
  const res = await page.request.post("/api/v1/users", {
    data: { email: "sneaky@example.com", role: "admin", password: "sneaky-password" },
  });
  expect([401, 403]).toContain(res.status());
}

test("viewer can see every area but change nothing", async ({ page }) => {
  await signIn(page, "viewer");
  await expectShell(page, "viewer");
  await page.goto("/segments");
  await expect(page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New segment" })).toHaveCount(0);
  await expectNoAdminControls(page);
});

test("editor sees create actions but no admin controls", async ({ page }) => {
  await signIn(page, "editor");
  await expectShell(page, "editor");
  await page.goto("/segments");
  await expect(page.getByRole("link", { name: "New segment" })).toBeVisible();
  await page.goto("/validation");
  await expect(page.getByRole("link", { name: "New validation" })).toBeVisible();
  await page.goto("/webhook-actions");
  await expect(page.getByRole("link", { name: "New webhook action" }).first()).toBeVisible();
  await expectNoAdminControls(page);
});

test("admin creates a token (shown once) and a user; both land in the audit log", async ({ page }) => {
  await signIn(page, "admin");
  await expectShell(page, "admin");

  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenName = `e2e token ${Date.now()}`;
  await page.getByLabel("Name").fill(tokenName);
  await page.getByLabel("Role").selectOption("editor");
  await page.getByRole("dialog").getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("textbox", { name: "New API token" });
  await expect(shown).toHaveValue(/^ds_\S{20,}$/);
  const token = await shown.inputValue();
  await expect(page.getByText("It won't be shown again.", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "I've copied it" }).click();
  const row = page.getByTestId("token-row").filter({ hasText: tokenName });
  await expect(row).toContainText(token.slice(0, 9));
  await page.reload();
  expect(await page.content()).not.toContain(token);

  // The token works against the API and carries the chosen role.
  const me = await page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect((await me.json()).role).toBe("editor");

  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Create user" }).click();
  const email = `e2e-${Date.now()}@example.com`;
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill("Erin Example");
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Initial password").fill("short");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("Password must be at least 10 characters")).toBeVisible();
  await dialog.getByLabel("Initial password").fill("a-long-enough-password");
  await dialog.getByRole("button", { name: "Create user" }).click();
  const newRow = page.getByTestId("user-row").filter({ hasText: email });
  await expect(newRow.getByRole("combobox", { name: `Role for ${email}` })).toHaveValue("viewer");
  await expect(newRow).toContainText("Active");

  await page.goto("/settings/audit");
  await expect(page.getByTestId("audit-row").filter({ hasText: "token.created" }).first()).toBeVisible();
  const created = page.getByTestId("audit-row").filter({ hasText: "user.created" }).first();
  await expect(created).toContainText("admin@demo.downstream.dev");
  await created.getByRole("button", { name: /Show changes/ }).click();
  await expect(page.getByText(email, { exact: true }).first()).toBeVisible();

  // The new person can sign in with the initial password after the admin signs out.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInAs(page, email, "a-long-enough-password");
  await expectShell(page, "viewer");
});

test("a wrong password shows a clear error and stays on the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@demo.downstream.dev");
  await page.getByLabel("Password").fill(`${DEMO_PASSWORD}-nope`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in to your workspace" })).toBeVisible();
});

test("an unknown address shows the friendly 404", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to Overview" })).toHaveAttribute("href", "/");
});
