import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures";
import { SSO_BUTTON, SSO_PEOPLE } from "./oidc-provider";

// Single sign-on through a real OpenID Connect provider (e2e/oidc-provider.ts, started by the
// global setup and configured into the app through OIDC_*): the login page's button, the
// provider's own login form, and back into the console with the role the person's groups grant.

async function signInAtProvider(page: Page, login: string) {
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  // The identity provider's page, on its own origin.
  await page.waitForURL((url) => url.port !== new URL(page.url()).port || url.pathname.startsWith("/interaction/"));
  const form = page.locator("form").filter({ has: page.locator('input[name="login"]') });
  await form.locator('input[name="login"]').fill(login);
  await form.locator('input[name="password"]').fill("any password: the test provider checks none");
  await form.getByRole("button", { name: "Sign-in" }).click();
}

test("a person in the editors group signs in with single sign-on and is an editor", async ({ page }) => {
  const person = SSO_PEOPLE.editor;
  // A deep link survives the round trip through the provider.
  await page.goto("/segments");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsegments/);
  await signInAtProvider(page, person.login);

  await expect(page.getByTestId("signed-in-email")).toHaveText(person.email, { timeout: 30_000 });
  await expect(page.getByTestId("signed-in-role")).toHaveText("Editor");
  await expect(page).toHaveURL(/\/segments$/);

  // The session is a console session like any other: the API sees the same person and role,
  // and the admin-only user list is refused to an editor.
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ type: "user", name: person.email, role: "editor" });
  expect((await page.request.get("/api/v1/users")).status()).toBe(403);

  // Signing in again (the provider remembers the person) keeps the one account.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(person.email, { timeout: 30_000 });
  await expect(page.getByTestId("signed-in-role")).toHaveText("Editor");
});

test("a person in no mapped group is refused on the login page, in words", async ({ page }) => {
  await page.goto("/login");
  await signInAtProvider(page, SSO_PEOPLE.outsider.login);

  await expect(page).toHaveURL(/\/login\?sso=no_role/);
  await expect(page.getByRole("alert").filter({ hasText: "single sign-on" })).toHaveText(
    /isn't in a group that has access to Downstream\. Ask your admin to give you access to Downstream at your identity provider\./,
  );
  await expect(page.getByTestId("signed-in-email")).toHaveCount(0);
  // No session was made.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("cancelling at the identity provider comes back to the login page with a plain explanation", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await page.getByRole("link", { name: "[ Cancel ]" }).click();

  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("alert").filter({ hasText: "single sign-on" })).toHaveText(
    /Single sign-on didn't complete, so you're not signed in\./,
  );
  // Not next-auth's error page or its code.
  await expect(page.getByText(/OAuthCallback|Callback/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: SSO_BUTTON })).toBeVisible();
});

test("a person disabled in Downstream stays refused, whatever their groups at the provider", async ({ page, browser }) => {
  const person = SSO_PEOPLE.disabled;
  await page.goto("/login");
  await signInAtProvider(page, person.login);
  await expect(page.getByTestId("signed-in-role")).toHaveText("Admin", { timeout: 30_000 });

  // An admin disables them in the console's API (a separate browser session).
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signIn(adminPage, "admin");
  const { users } = (await (await adminPage.request.get("/api/v1/users")).json()) as { users: { id: string; email: string }[] };
  const id = users.find((u) => u.email === person.email)?.id;
  expect(id).toBeTruthy();
  // The users page says a role set there lasts only until the provider's groups set it again.
  await adminPage.goto("/settings/users");
  const row = adminPage.getByTestId("user-row").filter({ hasText: person.email });
  await expect(row.getByTestId("user-sso")).toHaveText("Single sign-on: the role follows their groups at each sign-in");
  await expect(adminPage.getByTestId("user-row").filter({ hasText: "admin@demo.downstream.dev" }).getByTestId("user-sso")).toHaveCount(0);
  expect((await adminPage.request.patch(`/api/v1/users/${id}`, { data: { disabled: true } })).status()).toBe(200);
  await admin.close();

  // Their open session ends at once, and signing in again (the provider still says admins) is refused.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await expect(page).toHaveURL(/\/login\?sso=disabled/);
  await expect(page.getByRole("alert").filter({ hasText: "disabled" })).toHaveText(
    "Your Downstream account is disabled. Ask an admin to turn it back on.",
  );
});
