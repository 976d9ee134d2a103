import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { compactPlatformCalls } from "@/lib/destinations/compact-platform-calls";
import { listPlatformCalls } from "@/lib/destinations/list-platform-calls";
import { testDestination } from "@/lib/destinations/test-destination";
import { sandboxClient, type SandboxClient } from "@/lib/sandbox/client";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";

// The request inspector end to end: real runs over HTTP (the Meta emulator, and a local webhook
// receiver that gets raw emails and phones) record every platform call, redacted, per destination.

const FAST = { maxAttempts: 5, baseMs: 5, maxMs: 40, maxThrottleWaitMs: 30_000 };
const viewer: Actor = { type: "user", id: "u-vi", label: "vi@example.test", role: "viewer" };
const editor: Actor = { type: "user", id: "u-ed", label: "ed@example.test", role: "editor" };
const SIGNING_SECRET = "whsec_platform-calls-test-secret";
const AUTH = "Bearer receiver-token-abcdefghijklmnop";

let meta: EmulatorServer;
let sandbox: SandboxClient;
let metaDestinationId: string;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  await seedPeople(60);
  await makeSegment("seg", "Cart abandoners", "p.id <= 40");
  meta = await startEmulatorServer(createMetaEmulator());
  sandbox = sandboxClient(meta.url);
  await sandbox.reset();
  metaDestinationId = (
    await makeDestination("meta", { adAccountId: "act_1001", apiBaseUrl: `${meta.url}/v24.0` }, SANDBOX_CREDENTIALS.meta, "Meta inspector")
  ).id;
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      // A receiver that echoes a secret back: it must not reach the inspector either.
      res.end(JSON.stringify({ ok: true, access_token: "echoed-secret-value" }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?api_key=querysecret123`;
});
afterAll(async () => {
  await meta.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function storedCalls(destinationId: string) {
  const { rows } = await pool().query<{ sync_run_id: string | null; method: string; path: string; status: number | null; all: string }>(
    `SELECT sync_run_id, method, path, status, concat_ws(' ', path, error, request_excerpt, response_excerpt) AS all
       FROM platform_calls WHERE destination_id = $1 ORDER BY id`,
    [destinationId],
  );
  return rows;
}

async function run(syncId: string) {
  const result = await runSync(syncId, { trigger: "manual" }, { policy: FAST });
  if (!("runId" in result)) throw new Error(`run did not start: ${result.status}`);
  return result;
}

describe("request inspector", () => {
  it("records a run's Meta calls with the run, the status and the latency, without the access token", async () => {
    const sync = await makeSync({ segmentId: "seg", destinationId: metaDestinationId, identifiers: ["email"], holdoutPercent: 0 });
    const result = await run(sync.id);
    expect(result.status).toBe("succeeded");
    const calls = await storedCalls(metaDestinationId);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.sync_run_id === result.runId)).toBe(true);
    const upload = calls.find((c) => c.method === "POST" && /\/users(\?|$)/.test(c.path));
    expect(upload).toMatchObject({ status: 200 });
    expect(upload!.path.startsWith("/v24.0/")).toBe(true);
    // The snapshot's audience-size read after the uploads is the run's too.
    expect(calls.findLastIndex((c) => c.method === "GET")).toBeGreaterThan(calls.indexOf(upload!));
    for (const c of calls) {
      expect(c.all).not.toContain(SANDBOX_CREDENTIALS.meta.accessToken);
      expect(c.all).not.toMatch(/@example\.com/);
    }
    const listed = await listPlatformCalls(viewer, metaDestinationId);
    expect(listed.calls.length).toBe(calls.length);
    expect(listed.calls[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("redacts raw emails, phones, the authorization and secrets in bodies and query strings", async () => {
    const dest = await makeDestination(
      "webhook",
      { url: receiverUrl, hashedOnly: false },
      { signingSecret: SIGNING_SECRET, authorization: AUTH },
    );
    const sync = await makeSync({ segmentId: "seg", destinationId: dest.id, identifiers: ["email", "phone"], holdoutPercent: 0 });
    expect((await run(sync.id)).status).toBe("succeeded");
    const calls = await storedCalls(dest.id);
    expect(calls.length).toBeGreaterThan(0);
    const text = calls.map((c) => c.all).join("\n");
    expect(text).toContain(`"email":"[redacted]"`); // the webhook did send raw emails: masked, not absent
    expect(text).not.toMatch(/person\d+@example\.com/);
    expect(text).not.toMatch(/\+1415\d{7}/);
    expect(text).not.toContain("querysecret123");
    expect(text).not.toContain("echoed-secret-value");
    expect(text).not.toContain("receiver-token");
    expect(text).not.toContain(SIGNING_SECRET);
    expect(calls[0]!.path).toBe("/hook?api_key=[redacted]");
  });

  it("lists only failed calls with the errors filter", async () => {
    const sync = await makeSync({ segmentId: "seg", destinationId: metaDestinationId, identifiers: ["email"], holdoutPercent: 0 });
    await sandbox.configure({ faults: [{ routes: ["addUsers"], times: 2, code: 2, status: 500 }] });
    const result = await run(sync.id);
    await sandbox.reset({ state: false });
    expect(result.status).toBe("succeeded");
    const all = await listPlatformCalls(viewer, metaDestinationId);
    const errors = await listPlatformCalls(viewer, metaDestinationId, { errorsOnly: true });
    expect(errors.calls.filter((c) => c.status === 500 && c.syncRunId === result.runId).length).toBe(2);
    expect(errors.calls.every((c) => c.status === null || c.status >= 400)).toBe(true);
    expect(all.calls.length).toBeGreaterThan(errors.calls.length);
    expect(all.calls.some((c) => c.status === 200)).toBe(true);
  });

  it("pages newest first and refuses unknown destinations", async () => {
    const first = await listPlatformCalls(viewer, metaDestinationId, { limit: 2 });
    expect(first.calls.length).toBe(2);
    expect(Number(first.calls[0]!.id)).toBeGreaterThan(Number(first.calls[1]!.id));
    const next = await listPlatformCalls(viewer, metaDestinationId, { limit: 2, cursor: first.nextCursor! });
    expect(Number(next.calls[0]!.id)).toBeLessThan(Number(first.calls[1]!.id));
    await expect(listPlatformCalls(viewer, "nope")).rejects.toThrow(/No such destination/);
  });

  it("records a connection test's calls without a run", async () => {
    const before = (await storedCalls(metaDestinationId)).length;
    expect((await testDestination(editor, metaDestinationId)).ok).toBe(true);
    const calls = (await storedCalls(metaDestinationId)).slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.sync_run_id === null && c.method === "GET")).toBe(true);
  });

  it("a run still succeeds when its calls cannot be recorded", async () => {
    const sync = await makeSync({ segmentId: "seg", destinationId: metaDestinationId, identifiers: ["email"], holdoutPercent: 0 });
    await pool().query("ALTER TABLE platform_calls RENAME TO platform_calls_away");
    try {
      const result = await run(sync.id);
      expect(result.status).toBe("succeeded");
      const stored = await db().syncRun.findUniqueOrThrow({ where: { id: result.runId } });
      expect(stored.added).toBeGreaterThan(0);
    } finally {
      await pool().query("ALTER TABLE platform_calls_away RENAME TO platform_calls");
    }
  });

  it("compaction keeps 7 days, and the last 100 per destination whatever their age", async () => {
    const old = await makeDestination(
      "meta",
      { adAccountId: "act_1002", apiBaseUrl: `${meta.url}/v24.0` },
      SANDBOX_CREDENTIALS.meta,
      "Old",
    );
    const busy = await makeDestination(
      "meta",
      { adAccountId: "act_1003", apiBaseUrl: `${meta.url}/v24.0` },
      SANDBOX_CREDENTIALS.meta,
      "Busy",
    );
    const insert = (destinationId: string, n: number, daysAgo: number) =>
      pool().query(
        `INSERT INTO platform_calls (destination_id, at, method, path, status, duration_ms)
         SELECT $1, now() - make_interval(days => $3), 'POST', '/x', 200, 5 FROM generate_series(1, $2)`,
        [destinationId, n, daysAgo],
      );
    await insert(old.id, 130, 30); // a destination idle for a month: its last 100 stay
    await insert(busy.id, 50, 10); // older than 7 days and not among the last 100: go
    await insert(busy.id, 120, 1); // recent: all stay, beyond 100
    await compactPlatformCalls();
    const count = async (id: string) =>
      (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM platform_calls WHERE destination_id = $1", [id])).rows[0]!.n;
    expect(await count(old.id)).toBe(100);
    expect(await count(busy.id)).toBe(120);
    expect((await storedCalls(metaDestinationId)).length).toBeGreaterThan(0);
  });
});
