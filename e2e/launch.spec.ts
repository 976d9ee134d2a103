import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "../lib/sync/testing/receiver";
import { signIn } from "./fixtures";
import { api, startWorker } from "./helpers";

// The launch checklist (issue 14 item 3) as an editor meets it: a new sync's checklist lists what
// is open, each gate turns green from a real fact (a connection test, a purchase rule, a real
// test-cohort validation run by the worker, an alert rule with a channel, the editor's own review
// and alert owner), then "Go live" works. A sync with a failing gate is refused for the editor and
// goes live only through an admin's override with a reason, shown on the checklist. @screenshots

const SECRET = "e2e-launch-signing-secret-012345";
const RUN = `launch-${Date.now().toString(36)}`;
const SHOTS = "test-results/screenshots";
let rx: Receiver;
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 1000 } });
test.setTimeout(180_000);

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  rx = await startReceiver(SECRET);
  worker = startWorker();
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await rx?.close();
});

async function draftSync(page: Page, name: string) {
  const segment = (
    await api(page, "POST", "/api/v1/segments", {
      name: `People with email (${name})`,
      definition: { conditions: [{ type: "identifier", identifier: "email" }] },
    })
  ).segment;
  const destination = (
    await api(page, "POST", "/api/v1/destinations", {
      name: `Ads hook (${name})`,
      kind: "webhook",
      settings: { url: rx.url, batchSize: 50 },
      credentials: { signingSecret: SECRET },
    })
  ).destination;
  const sync = (
    await api(page, "POST", "/api/v1/syncs", {
      name,
      segmentId: segment.id,
      destinationId: destination.id,
      identifiers: ["email"],
      holdoutPercent: 10,
    })
  ).sync;
  return { segment, destination, sync };
}

const gate = (page: Page, key: string) => page.locator(`[data-testid="launch-gate"][data-gate="${key}"]`);

test("an editor turns a sync's launch checklist green from real facts, then sets it live @screenshots", async ({ page }) => {
  await signIn(page, "editor");
  const { destination, sync } = await draftSync(page, `Promo ${RUN}`);

  await page.goto(`/syncs/${sync.id}`);
  const card = page.getByTestId("launch-checklist");
  await expect(card).toContainText("of 7 open");
  await expect(gate(page, "connection").getByTestId("gate-summary")).toHaveText("Webhook connection was never tested.");
  await expect(gate(page, "validation").getByTestId("gate-summary")).toHaveText("Never validated with test profiles.");
  await expect(gate(page, "segment")).toHaveAttribute("data-status", "passed");
  await card.screenshot({ path: `${SHOTS}/launch-checklist-open.png` });

  // The facts, each made the way a team would: a connection test, a purchase rule for this sync,
  // an alert rule with a channel, and a real validation with test profiles (run by the worker).
  await api(page, "POST", `/api/v1/destinations/${destination.id}/test`);
  const buyers = (
    await api(page, "POST", "/api/v1/segments", {
      name: `Bought (${RUN})`,
      definition: { conditions: [{ type: "event", event: "order_completed" }] },
    })
  ).segment;
  await api(page, "POST", "/api/v1/suppression-rules", {
    name: `Recent buyers (${RUN})`,
    segmentId: buyers.id,
    scope: "selected",
    syncIds: [sync.id],
  });
  const channel = (
    await api(page, "POST", "/api/v1/notification-channels", {
      name: `Growth on-call (${RUN})`,
      kind: "email",
      settings: { host: "localhost", from: "alerts@example.com", to: ["growth@example.com"] },
    })
  ).notificationChannel;
  await api(page, "POST", "/api/v1/alert-rules", {
    name: `Promo run failed (${RUN})`,
    kind: "run_failed",
    params: {},
    scope: { type: "sync", id: sync.id },
    channelIds: [channel.id],
  });
  const profiles = await api(page, "POST", "/api/v1/test-profiles", { by: "create", count: 3 });
  expect(profiles.created).toBe(3);
  const { testProfiles } = await api(page, "GET", "/api/v1/test-profiles");
  const cohort = (testProfiles as { id: string }[]).slice(0, 3).map((p) => p.id);
  const started = await api(page, "POST", "/api/v1/validations", { syncId: sync.id, profileIds: cohort });
  const validationId = started.validation.id as string;
  await expect
    .poll(
      async () => {
        return (await api(page, "GET", `/api/v1/validations/${validationId}`)).validation.state;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe("passed");

  // What is left is the editor's own: review the identity audit and name the alert owner.
  await page.reload();
  for (const key of ["connection", "suppression", "validation", "measurement", "segment"])
    await expect(gate(page, key), key).toHaveAttribute("data-status", "passed");
  await expect(gate(page, "validation").getByTestId("gate-summary")).toHaveText(/^Validated today \(verified by /);
  await expect(gate(page, "identity").getByTestId("gate-summary")).toHaveText("Nobody has reviewed the identity audit for this sync yet.");
  await gate(page, "identity").getByRole("button", { name: "Mark reviewed" }).click();
  await expect(gate(page, "identity")).toHaveAttribute("data-status", "passed");
  await expect(gate(page, "identity").getByTestId("gate-summary")).toHaveText(
    /^Reviewed by editor@demo\.downstream\.dev at \d+% matchable\.$/,
  );
  const owner = page.getByLabel("Alert owner");
  await owner.selectOption((await owner.locator("option", { hasText: "editor@demo.downstream.dev" }).getAttribute("value"))!);
  await expect(gate(page, "alerts")).toHaveAttribute("data-status", "passed");
  await expect(card).toContainText("Ready to go live");
  await card.screenshot({ path: `${SHOTS}/launch-checklist-green.png` });

  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  expect((await api(page, "GET", `/api/v1/syncs/${sync.id}`)).sync.state).toBe("live");
});

test("a sync with an open gate is refused for an editor and goes live only by an admin's override @screenshots", async ({
  page,
  browser,
}) => {
  await signIn(page, "editor");
  const { sync } = await draftSync(page, `Unvalidated ${RUN}`);
  await page.goto(`/syncs/${sync.id}`);
  await page.getByRole("button", { name: "Go live" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "This sync cannot go live:" });
  await expect(refusal).toContainText("Test-cohort validation passed (Never validated with test profiles.)");
  await expect(page.getByRole("button", { name: "Go live anyway…" })).toHaveCount(0);
  expect((await api(page, "GET", `/api/v1/syncs/${sync.id}`)).sync.state).toBe("draft");

  const admin = await browser.newPage();
  await signIn(admin, "admin");
  await admin.goto(`/syncs/${sync.id}`);
  await admin.getByRole("button", { name: "Go live anyway…" }).click();
  const dialog = admin.getByRole("dialog", { name: "Go live with open gates" });
  await expect(dialog).toContainText("Test-cohort validation passed");
  await dialog.getByLabel("Why it goes live now").fill("Black Friday launch: validated by hand with the ads team");
  await dialog.getByRole("button", { name: "Go live" }).click();
  await expect(admin.getByTestId("launch-override")).toContainText("admin@demo.downstream.dev set it live on");
  await expect(admin.getByTestId("launch-override")).toContainText("“Black Friday launch: validated by hand with the ads team”");
  await admin.getByTestId("launch-checklist").screenshot({ path: `${SHOTS}/launch-checklist-override.png` });
  const { entries } = await api(admin, "GET", "/api/v1/audit?entityType=sync&limit=50");
  expect(
    entries.find((e: { action: string; entityId: string }) => e.action === "sync.launch_overridden" && e.entityId === sync.id),
  ).toMatchObject({
    actorLabel: "admin@demo.downstream.dev",
  });

  await admin.goto("/settings/approvals");
  await expect(admin.getByRole("heading", { name: /^Waiting for approval/ })).toBeVisible();
  await admin.screenshot({ path: `${SHOTS}/launch-approvals-settings.png`, fullPage: true });
  await admin.close();
});
