import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { templateByKey } from "../lib/segments/templates";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { signIn } from "./fixtures";
import { api, startWorker } from "./helpers";

// The test-cohort wizard as an editor (issue 14): create test profiles in Validation, open a sync
// that was never validated, "Validate", choose the cohort, start, and watch the steps pass with
// their evidence; the receiver saw exactly the test profiles come and go, and the sync then says
// "Validated just now". A job worker runs beside the app, as in production. Tagged @screenshots.

const SECRET = "e2e-validation-signing-secret-01";
const RUN = `val-${Date.now().toString(36)}`;
let rx: Receiver;
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

test.beforeAll(async () => {
  mkdirSync("test-results/screenshots", { recursive: true });
  rx = await startReceiver(SECRET);
  worker = startWorker();
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await rx?.close();
});

test("an editor validates a sync with test profiles and sees each step's proof @screenshots", async ({ page }) => {
  await signIn(page, "editor");

  // A sync to validate: a webhook destination pointed at this spec's receiver, from a template
  // segment, with the purchase suppression covering it (the buyer step proves it).
  const segment = async (key: string) => {
    const t = templateByKey(key)!;
    return (await api(page, "POST", "/api/v1/segments", { name: `${t.name} ${RUN}`, definition: t.definition })).segment;
  };
  const audience = await segment("intent-cart");
  const buyers = await segment("purchased-7d");
  await api(page, "POST", "/api/v1/suppression-rules", { name: `Recent buyers ${RUN}`, segmentId: buyers.id });
  const dest = (
    await api(page, "POST", "/api/v1/destinations", {
      name: `Validation hook ${RUN}`,
      kind: "webhook",
      settings: { url: rx.url, batchSize: 20 },
      credentials: { signingSecret: SECRET },
    })
  ).destination;
  const sync = (
    await api(page, "POST", "/api/v1/syncs", {
      name: `Promo ${RUN}`,
      segmentId: audience.id,
      destinationId: dest.id,
      identifiers: ["email"],
    })
  ).sync;

  // 1. Test profiles: three new synthetic ones, through the form.
  await page.goto("/validation");
  await page.getByLabel("Mark by").selectOption("create");
  await page.getByLabel("How many").fill("3");
  // Its own domain: other specs create synthetic test profiles in the same database.
  await page.getByLabel("Email domain").fill(`${RUN}.example.com`);
  await page.getByRole("button", { name: "Create test profiles" }).click();
  await expect(page.getByRole("status")).toHaveText(/^Created 3 test profiles/);
  await expect(
    page.getByTestId("test-profile-row").filter({ hasText: new RegExp(`^qa\\+[a-z0-9]+-3@${RUN}\\.example\\.com`) }),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/validation-area.png", fullPage: true });

  // 2. The sync was never validated; "Validate" opens the wizard with it chosen.
  await page.goto(`/syncs/${sync.id}`);
  await expect(page.getByTestId("sync-validation")).toContainText("Never validated");
  await page.getByTestId("sync-validation").getByRole("link", { name: "Validate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New validation" })).toBeVisible();
  await expect(page.getByLabel("Sync", { exact: true })).toHaveValue(sync.id);
  const { testProfiles } = await api(page, "GET", "/api/v1/test-profiles");
  const cohort = (testProfiles as { id: string; email: string | null }[]).slice(0, 10).map((p) => p.id);
  await expect(page.getByTestId("chosen-count")).toHaveText(new RegExp(`^${cohort.length} chosen`));
  await page.screenshot({ path: "test-results/screenshots/validation-wizard.png", fullPage: true });
  await page.getByRole("button", { name: /^Start validation with/ }).click();

  // 3. The run page: every step passes, each saying what it proved and how.
  await expect(page.getByRole("heading", { level: 1, name: `Validation of Promo ${RUN}` })).toBeVisible();
  await expect(page.getByTestId("validation-outcome")).toHaveText(/^Every check passed/, { timeout: 90_000 });
  for (const step of ["add", "verify_present", "remove", "verify_shrink"]) {
    await expect(page.getByTestId(`step-${step}`).getByText("Passed", { exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("step-add").getByTestId("step-summary")).toContainText(
    `Sent exactly the ${cohort.length} chosen test profiles`,
  );
  await expect(page.getByTestId("step-verify_present").getByTestId("step-summary")).toContainText(
    `The receiver acknowledged each of the ${cohort.length} test profiles`,
  );
  await expect(page.getByTestId("step-verify_present")).toContainText("Checked by the receiver's answer to each member");
  // The buyer step: the order made them meet the rule, and they left the audience.
  await expect(page.getByTestId("step-suppression").getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByTestId("step-suppression").getByTestId("step-summary")).toContainText(
    new RegExp(`completed an order, met .*“Recent buyers ${RUN}”.* and left this audience`),
  );
  await page.getByTestId("step-add").getByText("What the destination answered for each test profile").click();
  await expect(page.getByTestId("step-add").getByTestId("step-profile")).toHaveCount(cohort.length);
  await page.screenshot({ path: "test-results/screenshots/validation-run.png", fullPage: true });

  // The receiver saw exactly the cohort arrive and leave; nobody else was sent.
  const added = new Set(rx.requests.filter((r) => r.event === "audience.members.added").flatMap((r) => r.members.map((m) => m.key)));
  expect([...added].sort()).toEqual([...cohort].sort());
  expect([...rx.members.keys()]).toEqual([]);

  // 4. The sync now says when it was validated.
  await page.getByRole("link", { name: "Open the sync" }).click();
  await expect(page.getByTestId("sync-validation")).toContainText("Validated just now");
  await page.screenshot({ path: "test-results/screenshots/validation-sync.png" });
});

test("an editor unmarks a test profile after confirming what it means", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/validation");
  const domain = `unmark-${Date.now().toString(36)}.example.com`;
  await page.getByLabel("Mark by").selectOption("create");
  await page.getByLabel("How many").fill("1");
  await page.getByLabel("Email domain").fill(domain);
  await page.getByRole("button", { name: "Create test profiles" }).click();
  const row = page.getByTestId("test-profile-row").filter({ hasText: `@${domain}` });
  await expect(row).toHaveCount(1);
  const email = (await row.locator("td").first().textContent())!.trim();

  await row.getByRole("button", { name: `Unmark ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Unmark ${email}?` });
  await expect(dialog).toContainText("They become people again and may join segments at the next refresh");
  // Cancelling leaves it a test profile.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: `Unmark ${email}` }).click();
  await dialog.getByRole("button", { name: "Unmark" }).click();
  await expect(row).toHaveCount(0);
  const { testProfiles } = await api(page, "GET", "/api/v1/test-profiles");
  expect(testProfiles.map((p: { email: string | null }) => p.email)).not.toContain(email);
});
