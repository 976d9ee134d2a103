import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { sessionApi, startWorker } from "./helpers";

// A webhook action end to end, as a marketer does it: start from the "cart abandoner → CRM"
// template, point it at a CRM (a local receiver started here), render it in the simulator for a
// real demo person (who has no cart value: the simulator says so at its line), send a test to the
// built-in echo receiver, set it live, make a person enter the segment (ingest API + the segment's
// refresh) and see the real request arrive at the CRM and in the attempts list. The worker
// (scripts/worker.ts) runs the ledger, as in production. Tagged @screenshots too.

const RUN = `wa-${Date.now()}`;
const SECRET = `crm-key-${RUN}-0123456789`;
type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let crm: http.Server;
let crmUrl: string;
let worker: ChildProcess;
let actionUrl = "";

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  crm = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, contact: "c_1" }));
    });
  });
  await new Promise<void>((r) => crm.listen(0, "127.0.0.1", r));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/v1/events`;
  worker = startWorker();
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await new Promise((r) => crm?.close(r));
});

test(
  "build a cart abandoner → CRM action from its template, simulate, test, set live, see a real delivery",
  { tag: "@screenshots" },
  async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    // An admin: making the ingest source needs the admin role (the action itself only an editor's).
    await signIn(page, "admin");
    const client = sessionApi(page.request, baseURL!);
    // This run's own segment (people carrying this run's tag), so other specs' people never enter it.
    const { segment } = await client.post("/api/v1/segments", {
      name: `Cart abandoners ${RUN}`,
      definition: { version: 1, match: "all", conditions: [{ type: "attribute", field: "wa_run", op: "equals", value: RUN }] },
    });
    const { source } = await client.post("/api/v1/sources", { name: `Actions source ${RUN}` });
    const writeKey = `Basic ${Buffer.from(`${source.segment.writeKey}:`).toString("base64")}`;
    // A real demo person to simulate with: the demo store has no cart attributes.
    const { people } = await client.get("/api/v1/people?limit=100");
    const demo = (people as { email: string | null; isTest: boolean }[]).find((p) => p.email && !p.isTest)!;

    // The gallery, then the template's form: the URL and the CRM key are the marketer's own.
    await page.goto("/webhook-actions");
    await page.getByRole("link", { name: "New webhook action" }).first().click();
    await expect(page.getByTestId("template-gallery")).toBeVisible();
    await page.getByRole("link", { name: /Cart abandoner → CRM with cart value and last SKU/ }).click();
    await expect(page.getByText("Starting from: Cart abandoner → CRM with cart value and last SKU")).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(`Cart abandoner → CRM ${RUN}`);
    await page.getByLabel("Segment", { exact: true }).selectOption({ label: `Cart abandoners ${RUN}` });
    await page.getByLabel("URL", { exact: true }).fill(crmUrl);
    await expect(page.getByRole("textbox", { name: "Body" })).toHaveValue(/"cart_value": \{\{ customer\.cart_value \| json \}\}/);
    await page.getByLabel("Value of crm_api_key").fill(SECRET);
    await page.screenshot({ path: "screenshots/webhook-action-new.png", fullPage: true });

    // A Liquid mistake is refused at its line, in the body editor.
    const body = await page.getByRole("textbox", { name: "Body" }).inputValue();
    await page
      .getByRole("textbox", { name: "Body" })
      .fill(body.replace('"last_sku": {{ customer.last_sku | json }}', '"last_sku": {{ customer.last_sku | jsonn }}'));
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByTestId("template-notes")).toContainText("Line 6");
    await page.getByRole("textbox", { name: "Body" }).fill(body);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await page.waitForURL((u) => /^\/webhook-actions\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    actionUrl = page.url();
    await expect(page.getByTestId("action-banner")).toContainText("Draft");
    await expect(page.getByTestId("action-banner")).toContainText("Nothing is sent until you set it live");
    // The secret is never shown again: its last 4 characters only.
    await expect(page.getByTestId("secret-previews")).toContainText(`…${SECRET.slice(-4)}`);
    await expect(page.locator("body")).not.toContainText(SECRET);

    // The simulator with the demo person: the request as it would go, the secret masked, and the
    // missing cart value flagged at its line.
    const sim = page.getByTestId("simulator");
    await sim.getByLabel("Find a person").fill(demo.email!);
    await sim.getByRole("button", { name: "Find" }).click();
    await sim.getByTestId("sim-people").getByRole("button").first().click();
    await sim.getByRole("button", { name: "Render the request" }).click();
    await expect(sim.getByTestId("sim-request-line")).toContainText(`POST ${crmUrl}`);
    await expect(sim.getByTestId("sim-result")).toContainText("Bearer ••••");
    await expect(sim.getByTestId("template-notes")).toContainText("Body, line 5");
    await expect(sim.getByTestId("template-notes")).toContainText("customer.cart_value is not set");
    await expect(sim.getByTestId("sim-body")).toContainText(demo.email!);
    await expect(page.locator("body")).not.toContainText(SECRET);
    await sim.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "screenshots/webhook-action-simulator.png", fullPage: true });

    // A test to the built-in echo receiver: what it got back, and what a failure would do.
    await sim.getByLabel("The built-in echo receiver (answers with what it got)").check();
    await sim.getByRole("button", { name: "Send test" }).click();
    await expect(sim.getByTestId("test-result")).toContainText("Delivered · 200", { timeout: 30_000 });
    await expect(sim.getByTestId("test-result")).toContainText("dead letter you can replay");
    await expect(sim.getByTestId("test-result")).not.toContainText(SECRET);
    expect(received).toHaveLength(0); // the echo receiver, not the CRM

    // Live: a person who enters the segment from now on is sent to the CRM, once.
    await page.getByRole("button", { name: "Set live" }).click();
    await expect(page.getByTestId("action-banner")).toContainText("Live");
    const person = `cus_${RUN}`;
    const ingest = await page.request.post("/api/ingest/v1/batch", {
      headers: { Authorization: writeKey },
      data: {
        batch: [
          {
            type: "identify",
            userId: person,
            traits: { email: `${RUN}@example.com`, wa_run: RUN, cart_value: 129.5, last_sku: "SKU-123" },
            messageId: `${RUN}-1`,
          },
        ],
      },
    });
    expect(ingest.status(), await ingest.text()).toBe(200);
    const { refresh } = await client.post(`/api/v1/segments/${segment.id}/refresh`, {});
    expect(refresh.entered).toBe(1);
    await expect.poll(() => received.length, { timeout: 60_000, intervals: [500] }).toBe(1);
    const sent = received[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(sent.body)).toMatchObject({
      type: "cart_abandoned",
      customer_id: person,
      email: `${RUN}@example.com`,
      cart_value: 129.5,
      last_sku: "SKU-123",
      segment: `Cart abandoners ${RUN}`,
    });
    // Refreshing again does not fire again: entering is one event.
    await client.post(`/api/v1/segments/${segment.id}/refresh`, {});

    await page.reload();
    // The CRM's own answer, in the attempts list beside the echo test's.
    const real = page.getByTestId("attempt-row").filter({ hasText: '"contact":"c_1"' });
    await expect(real).toHaveCount(1, { timeout: 20_000 });
    await expect(real).toContainText("Delivered · 200");
    await expect(page.getByTestId("action-figures")).toContainText("Sent");
    await page.screenshot({ path: "screenshots/webhook-action-detail.png", fullPage: true });
    expect(received).toHaveLength(1);

    // The list: this run's action, live, with its trigger in words and its figures.
    await page.goto("/webhook-actions");
    const row = page.getByTestId("action-row").filter({ hasText: RUN });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`When someone enters Cart abandoners ${RUN}`);
    await expect(row).toContainText("Live");
    await page.screenshot({ path: "screenshots/webhook-actions.png", fullPage: true });

    // Editing a live action says what saving does.
    await page.goto(`${actionUrl}/edit`);
    await expect(page.getByTestId("save-note")).toContainText("Saving creates version 2");
  },
);

test("a viewer sees an action but cannot change it", async ({ page }) => {
  test.skip(!actionUrl, "needs the action made by the test above");
  await signIn(page, "viewer");
  await page.goto(actionUrl);
  await expect(page.getByTestId("action-banner")).toContainText("Live");
  await expect(page.getByTestId("attempt-row").first()).toBeVisible();
  for (const name of ["Edit", "Pause", "Set live", "Delete", "Send test"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await page.goto("/webhook-actions");
  await expect(page.getByRole("link", { name: "New webhook action" })).toHaveCount(0);
  await page.goto("/webhook-actions/new?template=cart-abandoner-crm");
  await expect(page.getByText("Only editors and admins can do this")).toBeVisible();
});
