import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoEmail } from "./fixtures";

// Issue 9 items 2 and 4: the sign-in form is a real POST that works before (or without) the
// page's scripts, credentials never appear in a URL, and repeated wrong passwords lock the
// account with a clear message.

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signs in with a POST and never puts the password in a URL", async ({ page }) => {
    const requests: { method: string; url: string }[] = [];
    page.on("request", (r) => requests.push({ method: r.method(), url: r.url() }));
    await page.goto("/login?callbackUrl=%2Fsegments");
    await page.getByLabel("Email").fill(demoEmail("editor"));
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-email")).toHaveText(demoEmail("editor"), { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe("/segments");

    const submit = requests.find((r) => new URL(r.url).pathname === "/login" && r.method === "POST");
    expect(submit, "the form was submitted as a POST to the sign-in page").toBeTruthy();
    for (const r of requests) {
      expect(r.url).not.toContain(encodeURIComponent(DEMO_PASSWORD));
      expect(r.url).not.toContain(DEMO_PASSWORD);
      expect(r.url).not.toContain("password=");
    }
  });

  test("a wrong password answers on the page, still without a URL carrying it", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(demoEmail("viewer"));
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("That email and password don't match an active account.");
    expect(page.url()).not.toContain("not-the-password");
    // The email is kept so the person only retypes the password.
    await expect(page.getByLabel("Email")).toHaveValue(demoEmail("viewer"));
  });
});

test("repeated wrong passwords pause signing in to that account, with a clear message", async ({ page }) => {
  const email = "someone-guessing@brand.test";
  await page.goto("/login");
  // The form's own alert (Next's route announcer is an alert too).
  const alert = page.locator("form").getByRole("alert");
  const attempt = async (password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    // One attempt at a time: wait for the server's answer and the form to settle (React resets it).
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  };
  for (let i = 1; i <= 3; i++) {
    await attempt(`guess-${i}`);
    await expect(alert).toContainText("don't match");
  }
  await expect(alert).toContainText("2 more failed attempts and signing in is paused for 15 minutes.");
  await attempt("guess-4");
  await expect(alert).toContainText("1 more failed attempt and signing in is paused");
  await attempt("guess-5");
  await expect(alert).toContainText("don't match");
  await attempt("guess-6");
  await expect(alert).toContainText(/Too many failed sign-ins\. .*try again in 1[45] minutes/);
});
