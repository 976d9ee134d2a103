import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  CIO_SIGNATURE_HEADER,
  CIO_TIMESTAMP_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  verifyStandard,
  WEBHOOK_ID_HEADER,
} from "@/lib/delivery/signing";

// A strict local receiver for event-stream webhooks: the ledger's fault tests, the browser test's
// demo and the bench point a stream at it. It behaves as a careful real receiver would: it refuses
// (401) anything whose signature does not verify, refuses (400) a body that is not an
// event_stream.batch, and otherwise keeps the batch, and it records what a test needs to prove the
// ledger's promises: per webhook-id how often it came (duplicates), per event how often and under
// which webhook-ids it was kept, per person the order events arrived in, and each event's lag
// (kept at − received_at). A `fault` hook decides per request how to misbehave.
//
// "Kept" means the receiver took the events in: a 2xx answer, or a fault with `keep: true` (a
// receiver that stored the batch and then failed to answer, e.g. hanging past the sender's timeout).

import { emptyStats, type EventReceiver, type EventReceiverOptions, type ReceivedBatch } from "@/lib/delivery/testing/event-receiver-types";
import { parseBatch } from "@/lib/delivery/testing/event-receiver-wire";

export type * from "@/lib/delivery/testing/event-receiver-types";
export { personKeyOf } from "@/lib/delivery/testing/event-receiver-wire";

/** Starts the receiver on 127.0.0.1 (a free port unless `port`); `url` is where to point a stream. */
export async function startEventReceiver(opts: EventReceiverOptions): Promise<EventReceiver> {
  const state = createEventReceiver(opts);
  const server = http.createServer(state.handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/**
 * The receiver without a server of its own: mount `handler` in another node:http server (the dev
 * demo); `url` stays empty and `close` does nothing until whoever mounts it sets them.
 */
export function createEventReceiver(opts: EventReceiverOptions): EventReceiver {
  const record = opts.record ?? true;
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const waiters = new Set<() => void>();
  // Counters-only mode still needs to know a resend from a first keeping, cheaply: webhook-ids only.
  const keptIds = new Set<string>();

  const state: EventReceiver = {
    url: "",
    fault: null,
    stats: emptyStats(),
    batches: [],
    webhookIds: new Map(),
    events: new Map(),
    personOrder: new Map(),
    lagSamplesMs: [],
    duplicatesByWebhookId: () =>
      [...state.webhookIds].filter(([, r]) => r.kept > 1).map(([webhookId, r]) => ({ webhookId, kept: r.kept, seen: r.seen })),
    eventsDeliveredOnce(ids) {
      const expected = new Set(ids);
      const missing: string[] = [];
      const inSeveral: string[] = [];
      const resent: string[] = [];
      for (const id of expected) {
        const r = state.events.get(id);
        if (!r) missing.push(id);
        else if (r.webhookIds.size > 1) inSeveral.push(id);
        else if (r.kept > 1) resent.push(id);
      }
      const unexpected = [...state.events.keys()].filter((id) => !expected.has(id));
      return {
        ok: missing.length === 0 && inSeveral.length === 0 && unexpected.length === 0,
        missing,
        inSeveralWebhookIds: inSeveral,
        resent,
        unexpected,
      };
    },
    orderViolations(expectedOrderByPerson) {
      const entries = expectedOrderByPerson instanceof Map ? [...expectedOrderByPerson] : Object.entries(expectedOrderByPerson);
      const out: { person: string; expected: string[]; actual: string[] }[] = [];
      for (const [person, order] of entries) {
        const wanted = new Set(order);
        const actual = (state.personOrder.get(person) ?? []).filter((id) => wanted.has(id));
        const arrived = new Set(actual);
        const expected = order.filter((id) => arrived.has(id));
        if (expected.some((id, i) => actual[i] !== id)) out.push({ person, expected, actual });
      }
      return out;
    },
    lagPercentiles() {
      const s = Float64Array.from(state.lagSamplesMs).sort();
      const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0);
      return { count: s.length, p50: at(50), p90: at(90), p99: at(99), max: s.length ? s[s.length - 1] : 0 };
    },
    waitForEvents(count, { timeoutMs = 30_000 } = {}) {
      const have = () => (record ? state.events.size : state.stats.eventsKept) >= count;
      if (have()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!have()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = record ? state.events.size : state.stats.eventsKept;
          reject(new Error(`The receiver got ${got} of ${count} events within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    reset() {
      state.stats = emptyStats();
      state.batches = [];
      state.webhookIds.clear();
      state.events.clear();
      state.personOrder.clear();
      state.lagSamplesMs = [];
      keptIds.clear();
    },
    handler: () => {},
    close: async () => {},
  };

  const verify = (req: http.IncomingMessage, body: string): boolean => {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(" ") : v;
    };
    if (opts.mode === "customerio") {
      const ts = header(CIO_TIMESTAMP_HEADER) ?? "";
      const sig = Buffer.from(header(CIO_SIGNATURE_HEADER) ?? "", "hex");
      if (!/^\d{1,12}$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > tolerance) return false;
      return opts.secrets.some((s) => {
        const expected = createHmac("sha256", s).update(`v0:${ts}:${body}`).digest();
        return sig.length === expected.length && timingSafeEqual(sig, expected);
      });
    }
    const check = verifyStandard(
      opts.secrets,
      { id: header(WEBHOOK_ID_HEADER), timestamp: header("webhook-timestamp"), signature: header("webhook-signature") },
      body,
      { toleranceSeconds: tolerance },
    );
    return check.ok;
  };

  const keep = (batch: ReceivedBatch, now: number) => {
    state.stats.keptRequests++;
    state.stats.eventsKept += batch.events.length;
    if (keptIds.has(batch.webhookId)) state.stats.duplicateRequests++;
    keptIds.add(batch.webhookId);
    for (const e of batch.events) {
      const prior = record ? state.events.get(e.id) : undefined;
      if (!prior && e.receivedAt) {
        const lag = now - Date.parse(e.receivedAt);
        if (Number.isFinite(lag)) state.lagSamplesMs.push(lag);
      }
      if (!record) continue;
      if (prior) {
        prior.kept++;
        prior.webhookIds.add(batch.webhookId);
        continue;
      }
      state.events.set(e.id, { kept: 1, webhookIds: new Set([batch.webhookId]), firstKeptAt: now });
      if (e.person !== null) {
        const order = state.personOrder.get(e.person);
        if (order) order.push(e.id);
        else state.personOrder.set(e.person, [e.id]);
      }
    }
    if (record) state.webhookIds.get(batch.webhookId)!.kept++;
    for (const w of [...waiters]) w();
  };

  const handler: http.RequestListener = (req, res) => {
    if (req.method === "GET") {
      // For a receiver in another process (the bench): what it holds.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...state.stats, lag: state.lagPercentiles() }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBody) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => {
      state.stats.requests++;
      if (tooBig) return void res.writeHead(413, { "content-type": "application/json" }).end('{"error":"body too large"}');
      const body = Buffer.concat(chunks).toString("utf8");
      if (!verify(req, body)) {
        state.stats.badSignatures++;
        return void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad signature"}');
      }
      const batch = parseBatch(req, body);
      if (!batch) {
        state.stats.malformed++;
        return void res.writeHead(400, { "content-type": "application/json" }).end('{"error":"not an event_stream.batch"}');
      }
      const now = Date.now();
      batch.n = state.stats.requests;
      batch.at = now;
      if (record) {
        const r = state.webhookIds.get(batch.webhookId);
        batch.previousSightings = r?.seen ?? 0;
        if (r) r.seen++;
        else state.webhookIds.set(batch.webhookId, { firstSeenAt: now, seen: 1, kept: 0, eventIds: batch.events.map((e) => e.id) });
        state.batches.push(batch);
      }
      respond(batch, res, req);
    });
  };

  const respond = (batch: ReceivedBatch, res: http.ServerResponse, req: http.IncomingMessage) => {
    let fault = state.fault?.(batch) ?? null;
    if (fault && "failPersons" in fault) {
      const failing = new Set(fault.failPersons);
      fault = batch.persons.some((p) => failing.has(p))
        ? { status: fault.status ?? 500, headers: fault.headers, body: { error: "refused a person" } }
        : null;
    }
    const ok = () =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, received: batch.events.length }));
    if (!fault) {
      keep(batch, Date.now());
      return ok();
    }
    state.stats.faulted++;
    if ("gone" in fault) return void res.writeHead(410, { "content-type": "application/json" }).end('{"error":"gone"}');
    if ("close" in fault) {
      if (fault.keep) keep(batch, Date.now());
      req.socket.destroy();
      return;
    }
    if ("hangMs" in fault) {
      if (fault.keep !== false) keep(batch, Date.now());
      const status = fault.status ?? 200;
      const timer = setTimeout(() => {
        if (!res.writableEnded && !res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end("{}");
      }, fault.hangMs);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    if (fault.keep) keep(batch, Date.now());
    res
      .writeHead(fault.status, { "content-type": "application/json", ...fault.headers })
      .end(JSON.stringify(fault.body ?? { error: `injected ${fault.status}` }));
  };

  state.handler = handler;
  return state;
}
