import http from "node:http";
import { randomUUID } from "node:crypto";

// Load for the ingest benchmark: batches in exactly the shape @segment/analytics-node sends
// (same envelope, context, _metadata, messageId format and headers), generated as strings so
// the load generator spends as little CPU as possible of the machine it shares with the server.

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

function message(o: LoadOptions, forUser?: number): string {
  const n = ++seq;
  const user = forUser ?? Math.floor(Math.random() * o.users);
  const ts = new Date().toISOString();
  const anonymous = forUser !== undefined || Math.random() < o.anonymousShare;
  const ids = `"userId":"user-${user}"${anonymous ? `,"anonymousId":"anon-${user}"` : ""},"messageId":"node-next-${Date.now()}-${run}-${n}","timestamp":"${ts}"`;
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

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function post(port: number, auth: string, body: string): Promise<number> {
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
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const port = o.ports[c % o.ports.length]!;
      while (Date.now() < until) {
        const body = batchBody(o);
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
