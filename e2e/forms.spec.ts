import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Bad input gets a clear answer: every error at once, each field marked, each message naming
// the field and what is expected (never zod's "Too small: expected number to be >=1").
// Screenshots go to screenshots/ for review.

test.use({ viewport: { width: 1440, height: 1000 } });

const stockZod = /Too small|Too big|Invalid input|Invalid option|expected (string|number)/;

test("a form with several errors marks every field with a human message", async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "admin");
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Create user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Name").fill("N".repeat(130));
  await dialog.getByLabel("Initial password").fill("short");
  await dialog.getByRole("button", { name: "Create user" }).click();

  const email = dialog.getByLabel("Email");
  const name = dialog.getByLabel("Name");
  const password = dialog.getByLabel("Initial password");
  for (const field of [email, name, password]) await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter a valid email address");
  await expect(name).toHaveAccessibleDescription("Name must be 120 characters or fewer");
  await expect(password).toHaveAccessibleDescription("Password must be at least 10 characters");
  await expect(dialog).not.toContainText(stockZod);
  await page.screenshot({ path: "screenshots/form-errors.png" });

  // Fixing one field clears only that one on the next try; the others stay marked.
  await email.fill("new.person@example.com");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAttribute("aria-invalid", "true");
});

test("the segment builder marks in red exactly what it refuses", async ({ page }) => {
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "editor");
  await page.goto("/segments/new");
  await page.getByRole("button", { name: "Add the first rule" }).click();
  await page.getByRole("menuitem", { name: /Did something, and nothing since/ }).click();
  const rule = page.getByRole("region", { name: "Rule 1", exact: true });

  // "In the last 3 days, at least 100 hours ago" can never match: said on the rule itself.
  await rule.getByLabel("First event window: amount").fill("3");
  await rule.getByLabel("First event window: unit").selectOption("days");
  await rule.getByRole("checkbox", { name: "at least" }).check();
  await rule.getByLabel("Minimum age: amount").fill("100");
  await rule.getByLabel("Minimum age: unit").selectOption("hours");
  await expect(rule.getByTestId("rule-cannot-match")).toContainText(
    "can never match: it looks back 3 days but wants the event at least 100 hours ago",
  );
  await page.screenshot({ path: "screenshots/segment-builder-cannot-match.png", fullPage: true });
  await rule.getByLabel("Minimum age: amount").fill("2");
  await expect(rule.getByTestId("rule-cannot-match")).toHaveCount(0);

  // Timebox 0 and refresh 0: both boxes red, each with its message, and the summary says so.
  await page.getByRole("checkbox", { name: "Timebox membership" }).check();
  const cap = page.getByLabel("Cap days");
  const refresh = page.getByLabel("Refresh interval minutes");
  await cap.fill("0");
  await refresh.fill("0");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(cap).toHaveAttribute("aria-invalid", "true");
  await expect(cap).toHaveAccessibleDescription("Timebox (days) must be at least 1");
  await expect(refresh).toHaveAttribute("aria-invalid", "true");
  await expect(refresh).toHaveAccessibleDescription("Refresh interval (minutes) must be at least 1");
  const name = page.getByLabel("Segment name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("Give the segment a name");
  const summary = page.getByRole("alert").filter({ hasText: "marked in red" });
  await expect(summary).toContainText("Fix these 3 problems, marked in red");
  await expect(summary).not.toContainText("Some rules are incomplete");

  // A million minutes: the refresh box is the one highlighted, saying the limit.
  await refresh.fill("1000000");
  await expect(refresh).toHaveAccessibleDescription("Refresh interval (minutes) must be 1,440 or less");
  await cap.fill("3");
  await expect(cap).not.toHaveAttribute("aria-invalid", "true");

  // A rule's bad number marks that box, not only the card.
  await rule.getByLabel("First event window: amount").fill("0");
  await expect(rule.getByLabel("First event window: amount")).toHaveAttribute("aria-invalid", "true");
  await expect(rule.getByLabel("Minimum age: amount")).not.toHaveAttribute("aria-invalid", "true");
  await expect(rule).toContainText("Time window must be at least 1");
  await expect(page.locator("main")).not.toContainText(stockZod);
  await page.screenshot({ path: "screenshots/segment-builder-errors.png", fullPage: true });

  // 5 days, not the playbook's 3: a copy of another spec's segment would raise the duplicate lint there.
  await rule.getByLabel("First event window: amount").fill("5");
  await refresh.fill("15");
  await name.fill("Checkout abandoners (forms spec)");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout abandoners (forms spec)" })).toBeVisible({ timeout: 30_000 });
});

test("a segment in use says by what before any delete is confirmed", async ({ page }) => {
  // The API through the signed-in session (the handler accepts it): no shared token file.
  await signIn(page, "editor");
  const request = page.request;
  const created = await request.post("/api/v1/segments", {
    data: {
      name: "Buyers (forms spec)",
      definition: { conditions: [{ type: "event", event: "order_completed", window: { type: "last", amount: 7, unit: "days" } }] },
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).segment.id as string;
  const rule = await request.post("/api/v1/suppression-rules", { data: { name: "Recent buyers (forms spec)", segmentId: id } });
  expect(rule.status()).toBe(201);

  await page.goto(`/segments/${id}`);
  const del = page.getByRole("button", { name: "Delete" });
  await expect(del).toBeDisabled();
  await expect(page.getByTestId("segment-in-use")).toHaveText(
    "Can't delete: used by suppression rule “Recent buyers (forms spec)”. Remove it there first.",
  );
  await expect(del).toHaveAccessibleDescription(/used by suppression rule “Recent buyers \(forms spec\)”/);

  // The rule would hold buyers out of every sync the later specs run: take it away again.
  const ruleId = (await rule.json()).suppressionRule.id as string;
  expect((await request.delete(`/api/v1/suppression-rules/${ruleId}`)).status()).toBe(200);
  expect((await request.delete(`/api/v1/segments/${id}`)).status()).toBe(200);
});

test("the sync wizard marks the steps whose fields were refused", async ({ page, baseURL }) => {
  await signIn(page, "editor");
  const segment = await page.request.post("/api/v1/segments", {
    data: {
      name: "Viewers (wizard spec)",
      definition: { conditions: [{ type: "event", event: "product_viewed", window: { type: "last", amount: 7, unit: "days" } }] },
    },
  });
  expect(segment.status()).toBe(201);
  const destination = await page.request.post("/api/v1/destinations", {
    data: {
      name: "Wizard Meta",
      kind: "meta",
      settings: { adAccountId: "act_1001", apiBaseUrl: `${baseURL}/api/sandbox/meta/v24.0` },
      credentials: { accessToken: "EAAB-demo-sandbox-token" },
    },
  });
  expect(destination.status()).toBe(201);

  await page.goto("/syncs/new");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: "Viewers (wizard spec)" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Destination", { exact: true }).selectOption({ label: "Wizard Meta (Meta Custom Audiences)" });
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Holdout (%)").fill("80");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Run every (minutes)").fill("1");
  await page.getByRole("button", { name: "Save as draft" }).click();

  const steps = page.getByRole("list", { name: "Steps" });
  // A step button is not a form field (ARIA has no aria-invalid for buttons): its name says it.
  await expect(steps.getByRole("button", { name: /3\. Exclusions/ })).toHaveAccessibleName(/needs a fix/);
  await expect(steps.getByRole("button", { name: /4\. Schedule/ })).toHaveAccessibleName(/needs a fix/);
  await expect(steps.getByRole("button", { name: /1\. Audience/ })).not.toHaveAccessibleName(/needs a fix/);
  await expect(page.getByRole("alert").first()).toContainText("Fix the fields marked in red in steps 3. Exclusions and 4. Schedule.");
  await page.screenshot({ path: "screenshots/sync-wizard-errors.png", fullPage: true });
  await steps.getByRole("button", { name: /3\. Exclusions/ }).click();
  await expect(page.getByLabel("Holdout (%)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Holdout (%)")).toHaveAccessibleDescription("Hold out at most half");
});
