import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/metrics/route";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// GET /metrics after a real run: refused without a valid token, and the run, the delivered size
// and the health state in Prometheus' text format with a token.

const SECRET = "test-signing-secret-0123456789";
let rx: Receiver;
let syncId: string;
let token: string;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(30);
  await makeSegment("seg_metrics", "Metrics segment", "p.id <= 25");
  const dest = await makeDestination("webhook", { url: rx.url, batchSize: 10 }, { signingSecret: SECRET });
  syncId = (await makeSync({ segmentId: "seg_metrics", destinationId: dest.id, name: "Metrics sync", identifiers: ["email"] })).id;
  await runSync(syncId, { trigger: "manual" }, { policy: { maxAttempts: 2, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 } });
  token = (await createApiToken(systemActor("test"), { name: "prometheus", role: "viewer" })).token;
});
afterAll(() => rx.close());

const scrape = (authorization?: string) =>
  GET(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} }));

describe("GET /metrics", () => {
  it("refuses a scrape without a token or with a wrong one", async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await scrape("Bearer not-a-token")).status).toBe(401);
  });

  it("reports runs by sync and outcome, the delivered audience and the health state", async () => {
    const res = await scrape(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toContain("# TYPE downstream_sync_runs_total counter");
    expect(text).toContain(`downstream_sync_runs_total{sync_id="${syncId}",sync="Metrics sync",outcome="succeeded"} 1`);
    expect(text).toContain(`downstream_sync_audience_size{sync_id="${syncId}",sync="Metrics sync"} 25`);
    expect(text).toContain(`downstream_sync_health{sync_id="${syncId}",sync="Metrics sync",state="healthy"} 1`);
    expect(text).toMatch(
      new RegExp(`downstream_sync_run_duration_seconds_sum\\{sync_id="${syncId}",sync="Metrics sync",outcome="succeeded"\\} \\d`),
    );
    expect(text).toContain("# TYPE downstream_queue_depth gauge");
    expect(text).toContain("downstream_ingest_events_per_second");
    expect(text).toContain("# TYPE downstream_alerts gauge");
  });
});
