import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Editing an event stream in the console, as a marketer does: the Edit form opens filled with what
// is saved (the Authorization only as "set"), a refusal shows on its field, a new batch size and a
// new selection show on the stream's page and in the audit log. A viewer sees no Edit button and
// the edit page refuses them. Tagged @screenshots too.

const RUN = `edit-${Date.now()}`;

test.use({ viewport: { width: 1440, height: 900 } });

test("edit a stream's batch size and selection; a viewer cannot", { tag: "@screenshots" }, async ({ page, baseURL, browser }) => {
  test.setTimeout(120_000);
  mkdirSync("screenshots", { recursive: true });
  await signIn(page, "editor");
  const name = `Opens for editing ${RUN}`;
  // The property condition keeps other tests' events out of this stream.
  const res = await page.request.post("/api/v1/event-streams", {
    headers: { origin: baseURL! },
    data: {
      name,
      selector: { metrics: ["opened"], channels: ["email"], filters: [{ property: "e2e", op: "equals", value: RUN }] },
      destination: {
        kind: "webhook",
        settings: { url: "https://hooks.example.com/edit", batchSize: 500, headers: { "X-Team": "growth" } },
        credentials: { authorization: "Bearer e2e-secret-value" },
      },
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const { eventStream } = await res.json();
  const streamPath = `/event-streams/${eventStream.id}`;

  await page.goto(streamPath);
  await expect(page.getByTestId("stream-batches")).toHaveText("Up to 500 events per request, or whatever arrived within 5 s");
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit ${name}` })).toBeVisible();

  // Filled with what is saved; the secret is never on the page, only that it is set.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Opened", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Clicked", { exact: true })).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Email", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Property", { exact: true })).toHaveValue("e2e");
  await expect(page.getByLabel("Value", { exact: true })).toHaveValue(RUN);
  await expect(page.getByLabel("Endpoint URL")).toHaveValue("https://hooks.example.com/edit");
  await expect(page.getByLabel("Header name")).toHaveValue("X-Team");
  await expect(page.getByLabel("Events per request")).toHaveValue("500");
  await expect(page.getByLabel("Authorization header (optional)")).toHaveValue("");
  await expect(page.getByText("•••• set — leave blank to keep it")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("e2e-secret-value");
  await expect(page.getByTestId("selector-change-note")).toContainText(
    "Events already waiting keep going; use Replay a time range to resend history with the new selection",
  );
  // No choice of destination kind: a stream keeps its kind.
  await expect(page.getByRole("radio")).toHaveCount(0);
  await expect(page.getByText("Webhook endpoint", { exact: true })).toBeVisible();
  await page.screenshot({ path: "screenshots/event-stream-edit.png", fullPage: true });

  // A refusal shows on its field, in the words creating uses.
  await page.getByLabel("Events per request").fill("5000");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Events per request")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Events per request must be 1,000 or less").first()).toBeVisible();

  // The change: one event per request, clicks instead of opens.
  await page.getByLabel("Events per request").fill("1");
  await page.getByLabel("Opened", { exact: true }).uncheck();
  await page.getByLabel("Clicked", { exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.waitForURL((u) => u.pathname === streamPath);
  await expect(page.getByTestId("stream-batches")).toHaveText("Up to 1 event per request, or whatever arrived within 5 s");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(`Email clicked, where e2e is ${RUN} → webhook hooks.example.com`)).toBeVisible();
  // The blank Authorization was kept.
  await expect(page.getByText("Set (encrypted)")).toBeVisible();

  // The audit log names the stream and shows before and after.
  await page.goto("/settings/audit?entity=event_stream");
  const row = page.getByTestId("audit-row").filter({ hasText: "event_stream.updated" }).filter({ hasText: name }).first();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /Show changes for event_stream.updated/ }).click();
  const detail = page.locator("tr:not([hidden])").filter({ hasText: '"batchSize":1,' }).first();
  await expect(detail).toContainText('"batchSize":500,');
  await expect(detail).toContainText('"metrics":["clicked"]');
  await expect(detail).toContainText("credentialsReplaced");
  await expect(page.locator("body")).not.toContainText("e2e-secret-value");

  // A viewer: no Edit button, and the edit page refuses.
  const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const viewer = await viewerContext.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto(streamPath);
  await expect(viewer.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await viewer.goto(`${streamPath}/edit`);
  await expect(viewer.getByText("Only editors and admins can do this; you are signed in as a viewer.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await viewerContext.close();
});
