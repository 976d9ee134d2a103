import http from "node:http";
import { randomUUID } from "node:crypto";

// Load for the ingest benchmark: batches in exactly the shape @segment/analytics-node sends
// (same envelope, context, _metadata, messageId format and headers). The timed load sends
// prebuilt bodies (BodyPool): the load generator shares the machine with the server, and
// building 500 messages as strings per batch cost it ~12 µs of CPU per event.

export type LoadOptions = {
  ports: number[];
  writeKey: string;
  clients: number;
  batchSize: number;
  users: number;
  identifyShare: number;
  anonymousShare: number;
};
export type LoadStats = { requests: number; events: number; failures: number; latenciesMs: number[] };

const run = randomUUID().slice(0, 8);
let seq = 0;
export const NAMES = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Page Scrolled"];
const CONTEXT = `"context":{"library":{"name":"@segment/analytics-node","version":"3.1.0"}},"integrations":{},"_metadata":{"nodeVersion":"${process.version}","jsRuntime":"node"}`;

// Message ids are `node-next-<run start>-<run>-<sequence>`, the sequence zero-padded to a fixed
// width so a prebuilt body can have fresh ids patched in place.
const runStart = Date.now();
const SEQ_DIGITS = 12;
const ID_PREFIX = `node-next-${runStart}-${run}-`;
const TS_PLACEHOLDER = "0000-00-00T00:00:00.000Z"; // as long as any toISOString() until the year 10000

function message(o: LoadOptions, forUser?: number, ts = new Date().toISOString()): string {
  const n = ++seq;
  const user = forUser ?? Math.floor(Math.random() * o.users);
  const anonymous = forUser !== undefined || Math.random() < o.anonymousShare;
  const ids = `"userId":"user-${user}"${anonymous ? `,"anonymousId":"anon-${user}"` : ""},"messageId":"${ID_PREFIX}${String(n).padStart(SEQ_DIGITS, "0")}","timestamp":"${ts}"`;
  if (Math.random() < o.identifyShare) {
    return `{"type":"identify",${ids},"traits":{"email":" User${user}@Example.com","phone":"(415) 555-${String(user % 10000).padStart(4, "0")}","plan":"${user % 3 ? "free" : "pro"}","visits":${n % 100}},${CONTEXT}}`;
  }
  return `{"type":"track","event":"${NAMES[n % NAMES.length]}",${ids},"properties":{"sku":"SKU-${n % 5000}","price":${(n % 9000) / 100},"currency":"USD","quantity":${1 + (n % 4)}},${CONTEXT}}`;
}

/** One batch: random users, or (`firstUser`) the next `batchSize` users in order, each with their anonymous id. */
export function batchBody(o: LoadOptions, firstUser?: number): string {
  const parts: string[] = [];
  for (let i = 0; i < o.batchSize; i++) {
    const user = firstUser === undefined ? undefined : firstUser + i;
    if (user !== undefined && user >= o.users) break;
    parts.push(message(o, user));
  }
  return `{"batch":[${parts.join(",")}],"writeKey":"${o.writeKey}","sentAt":"${new Date().toISOString()}"}`;
}

/**
 * Prebuilt batch bodies (random users, like batchBody) handed out in rotation, each with fresh
 * message ids and the current time patched into its bytes: every event is still unique and
 * timestamped now (a person's "last seen" moves as with live traffic), but the load generator
 * no longer spends its CPU building JSON. A body is reused only after `size` others were handed
 * out, so with more bodies than clients none is patched while it is still being sent. By
 * default the pool holds about 3 messages per user (up to 256 bodies), so nearly every user is
 * in it, as they are in random batches: a smaller pool would shrink the set of people the
 * server and Postgres work on.
 */
export class BodyPool {
  private readonly bodies: { buf: Buffer; seqAt: number[]; tsAt: number[] }[] = [];
  private next = 0;

  constructor(o: LoadOptions, size = Math.min(256, Math.ceil((3 * o.users) / o.batchSize))) {
    const seqMark = `"messageId":"${ID_PREFIX}`;
    for (let b = 0; b < Math.max(size, o.clients + 1); b++) {
      const parts = Array.from({ length: o.batchSize }, () => message(o, undefined, TS_PLACEHOLDER));
      const buf = Buffer.from(`{"batch":[${parts.join(",")}],"writeKey":"${o.writeKey}","sentAt":"${TS_PLACEHOLDER}"}`);
      const text = buf.toString("latin1"); // one character per byte: indexes are byte offsets
      const seqAt: number[] = [];
      const tsAt: number[] = [];
      for (let i = text.indexOf(seqMark); i >= 0; i = text.indexOf(seqMark, i + 1)) seqAt.push(i + seqMark.length);
      for (let i = text.indexOf(TS_PLACEHOLDER); i >= 0; i = text.indexOf(TS_PLACEHOLDER, i + 1)) tsAt.push(i);
      if (seqAt.length !== o.batchSize || tsAt.length !== o.batchSize + 1) throw new Error("BodyPool: unexpected body layout");
      this.bodies.push({ buf, seqAt, tsAt });
    }
  }

  /** The next body, with new message ids and the current time in every timestamp and in sentAt. */
  take(): Buffer {
    const body = this.bodies[this.next++ % this.bodies.length]!;
    const { buf } = body;
    for (const at of body.seqAt) {
      let n = ++seq;
      for (let d = at + SEQ_DIGITS - 1; d >= at; d--, n = Math.floor(n / 10)) buf[d] = 48 + (n % 10);
    }
    const ts = Buffer.from(new Date().toISOString(), "latin1");
    for (const at of body.tsAt) ts.copy(buf, at);
    return buf;
  }
}

const pools = new WeakMap<LoadOptions, BodyPool>();

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function post(port: number, auth: string, body: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/ingest/v1/batch",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "user-agent": "analytics-node-next/latest",
          authorization: auth,
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Every user once, through the API (their person and anonymous-id link created), as a real
 * source's steady state looks: mostly known people. Without it a short run measures sign-ups.
 */
export async function introduceUsers(o: LoadOptions): Promise<void> {
  const auth = `Basic ${Buffer.from(`${o.writeKey}:`).toString("base64")}`;
  let next = 0;
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      while (next < o.users) {
        const first = next;
        next += o.batchSize;
        const status = await post(o.ports[c % o.ports.length]!, auth, batchBody(o, first));
        if (status !== 200) throw new Error(`introducing users: HTTP ${status}`);
      }
    }),
  );
}

/** Runs `clients` concurrent senders until `until` (ms timestamp); each waits for its response before sending again. */
export async function runLoad(o: LoadOptions, until: number, stats: LoadStats): Promise<void> {
  const auth = `Basic ${Buffer.from(`${o.writeKey}:`).toString("base64")}`;
  let pool = pools.get(o);
  if (!pool) pools.set(o, (pool = new BodyPool(o)));
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const port = o.ports[c % o.ports.length]!;
      while (Date.now() < until) {
        const body = pool.take();
        const started = performance.now();
        const status = await post(port, auth, body).catch(() => 0);
        stats.latenciesMs.push(performance.now() - started);
        stats.requests++;
        if (status === 200) stats.events += o.batchSize;
        else stats.failures++;
      }
    }),
  );
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
