import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startEventReceiver, type EventReceiver } from "../lib/delivery/testing/event-receiver";
import { signIn } from "./fixtures";
import { sessionApi, startWorker } from "./helpers";

// An event stream end to end, as a marketer does it: create a webhook stream in the form, send
// engagement events through the Segment API, watch them arrive at a local receiver (signatures
// verified) and the stream's figures move; break the endpoint and see retries and the hold; fix it
// and see the drain; run one event out of retries and replay it from the dead-letter list.
// The worker (scripts/worker.ts) runs the ledger, as in production. Tagged @screenshots too.

const RUN = `e2e-${Date.now()}`;
let rx: EventReceiver;
let deadRx: EventReceiver;
const secrets: string[] = [];
const deadSecrets: string[] = [];
let worker: ChildProcess;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  // Secrets are added once the streams exist (the receiver reads the list on every request).
  rx = await startEventReceiver({ secrets });
  deadRx = await startEventReceiver({ secrets: deadSecrets });
  worker = startWorker();
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await rx?.close();
  await deadRx?.close();
});

async function status(page: Page) {
  return (await page.getByTestId("stream-banner").getByTestId("stream-status").textContent())?.trim();
}

test(
  "create a webhook stream, watch it flow, break and fix the endpoint, replay a dead letter",
  { tag: "@screenshots" },
  async ({ page, baseURL }) => {
    test.setTimeout(300_000);
    await signIn(page, "admin");
    const client = sessionApi(page.request, baseURL!);
    const { source } = await client.post("/api/v1/sources", { name: `Stream source ${RUN}` });
    const writeKey = `Basic ${Buffer.from(`${source.segment.writeKey}:`).toString("base64")}`;
    let n = 0;
    const send = async (people: string[]) => {
      const batch = people.map((p) => ({
        type: "track",
        userId: p,
        event: "email_opened",
        properties: { e2e: RUN, campaign_id: "c42", delivery_id: `d-${++n}` },
        messageId: `${RUN}-${n}`,
      }));
      const res = await page.request.post("/api/ingest/v1/batch", { headers: { Authorization: writeKey }, data: { batch } });
      expect(res.status(), await res.text()).toBe(200);
      return batch.map((b) => b.messageId);
    };

    // The form: engagement metric + channel chip + a property condition, a webhook with small batches.
    await page.goto("/event-streams");
    await page.getByRole("link", { name: "New event stream" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New event stream" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(`Opens to analytics ${RUN}`);
    for (const m of ["Delivered", "Clicked"]) await page.getByLabel(m, { exact: true }).uncheck();
    await page.getByRole("button", { name: "Email", exact: true }).click();
    await page.getByRole("button", { name: "Add a condition on a property" }).click();
    await page.getByLabel("Property", { exact: true }).fill("e2e");
    await page.getByLabel("Value", { exact: true }).fill(RUN);
    // A typo is refused, naming the event and what was meant.
    await page.getByLabel("Other events by name").fill("email_opend");
    await page.getByLabel("Endpoint URL").fill(rx.url);
    await page.getByLabel("Events per request").fill("1");
    await page.getByLabel("Wait to fill a batch (s)").fill("0");
    await expect(page.getByText("immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day in all)")).toBeVisible();
    // Quick retries for the test, so the circuit breaker (5 failures in a row over 10 s) opens in seconds.
    await page.getByLabel("Retries after a failure (seconds)").fill("0, 3, 3, 3, 3, 3, 600, 3600");
    await page.screenshot({ path: "screenshots/event-stream-form.png", fullPage: true });
    await page.getByRole("button", { name: "Create stream" }).click();
    await expect(page.getByRole("alert").first()).toContainText("No event named `email_opend` has been received yet");
    await page.getByRole("button", { name: "Remove email_opend" }).click();
    await page.getByRole("button", { name: "Create stream" }).click();
    await expect(page.getByTestId("stream-created")).toBeVisible({ timeout: 20_000 });
    const secret = await page.getByLabel("Signing secret", { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    secrets.push(secret);
    await page.getByRole("link", { name: "Go to the stream" }).click();
    await page.waitForURL((u) => /^\/event-streams\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    const streamUrl = page.url();
    const streamId = streamUrl.split("/").pop()!;
    // The page never shows the secret again: only its last 4 characters.
    await expect(page.getByTestId("signing-secrets")).toContainText(`whsec_…${secret.slice(-4)}`);
    await expect(page.locator("body")).not.toContainText(secret);

    // Flowing: events sent through the Segment API arrive, signed, and the figures say so.
    const first = await send(["ann", "bob", "cy"]);
    await rx.waitForEvents(3, { timeoutMs: 30_000 });
    expect(rx.stats.badSignatures).toBe(0);
    expect(rx.batches.flatMap((b) => b.events.map((e) => e.name))).toEqual(["email_opened", "email_opened", "email_opened"]);
    await page.reload();
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe("Flowing");
    await expect(page.getByTestId("attempt-row").first()).toContainText("Delivered");
    await page.screenshot({ path: "screenshots/event-stream-flowing.png", fullPage: true });
    expect(first).toHaveLength(3);

    // Broken: every request answers 500. Retries, then the circuit breaker holds new events.
    rx.fault = () => ({ status: 500, body: { error: "database is down" } });
    await send(["dee", "eve", "fay", "gus", "hal", "ivy"]);
    await expect.poll(() => status(page), { timeout: 30_000, intervals: [1_000] }).toMatch(/Retrying|Holding/);
    await expect.poll(() => status(page), { timeout: 60_000, intervals: [1_000] }).toBe("Holding");
    await expect(page.getByTestId("attempt-row").first()).toContainText("500");
    await expect(page.getByTestId("attempt-row").first().locator("pre")).toContainText("database is down");
    await send(["jo"]); // held, never dropped
    await page.screenshot({ path: "screenshots/event-stream-holding.png", fullPage: true });

    // Fixed: the probe succeeds, the hold lifts and everything drains, each event exactly once.
    // The person who fixed it resumes rather than waiting for the next probe.
    rx.fault = null;
    await page.getByRole("button", { name: "Resume" }).click();
    await rx.waitForEvents(10, { timeoutMs: 60_000 });
    await expect.poll(() => status(page), { timeout: 60_000, intervals: [1_000] }).toBe("Flowing");
    const figures = (await client.get(`/api/v1/event-streams/${streamId}`)).eventStream.figures;
    expect(figures).toMatchObject({ queued: 0, dead: 0, retrying: 0, held: 0 });
    expect(rx.duplicatesByWebhookId()).toEqual([]);
    expect([...rx.events.values()].every((e) => e.kept === 1)).toBe(true);

    // A dead letter: a stream that retries twice, fast, to a receiver refusing one person; replayed.
    const { eventStream: quick, signingSecret } = await client.post("/api/v1/event-streams", {
      name: `Short retries ${RUN}`,
      selector: { metrics: ["opened"], channels: ["email"], filters: [{ property: "e2e", op: "equals", value: RUN }] },
      destination: { kind: "webhook", settings: { url: deadRx.url, batchSize: 1, maxWaitMs: 0, retrySchedule: [0, 1] } },
    });
    deadSecrets.push(signingSecret);
    deadRx.fault = (b) => (b.events.some((e) => e.person === "kim") ? { status: 500 } : null);
    await send(["kim", "lee"]);
    await deadRx.waitForEvents(1, { timeoutMs: 30_000 });
    await page.goto(`/event-streams/${quick.id}`);
    await expect(page.getByTestId("dead-row")).toHaveCount(1, { timeout: 30_000 });
    await expect(page.getByTestId("dead-row")).toContainText("email_opened");
    await expect(page.getByTestId("dead-row")).toContainText("kim");
    await page.screenshot({ path: "screenshots/event-stream-dead-letter.png", fullPage: true });
    deadRx.fault = null;
    await page.getByTestId("dead-row").getByRole("button", { name: "Replay" }).click();
    // The row's own "1 event queued to send again." may be gone at once: the replay can be delivered
    // and the page refreshed before it is read. What counts is the receiver and the emptied list.
    await deadRx.waitForEvents(2, { timeoutMs: 30_000 });
    await expect(page.getByTestId("dead-row")).toHaveCount(0, { timeout: 20_000 });

    await page.goto("/event-streams");
    // Other specs' streams share this database: count only this run's two.
    const ours = page.getByTestId("stream-row").filter({ hasText: RUN });
    await expect(ours).toHaveCount(2);
    await expect(ours.filter({ hasText: `Opens to analytics ${RUN}` })).toContainText("Email opened, where e2e is");
    await page.screenshot({ path: "screenshots/event-streams.png", fullPage: true });
  },
);
