import http from "node:http";
import type { AddressInfo } from "node:net";
import { createEventReceiver } from "@/lib/delivery/testing/event-receiver";

// The streams bench's webhook receiver, in its own process (a real receiver is another machine):
// the strict event receiver in counters-only mode (every signature verified, lag per event), plus
// what the bench needs from outside: when the first and last kept batch arrived, and this process's
// CPU. GET /bench answers those with the receiver's stats; POST /bench/reset forgets everything.
// Prints its URL as the first line of output.

const rx = createEventReceiver({ secrets: [process.env.BENCH_SECRET!], record: false });
let first: number | null = null;
let last: number | null = null;

const server = http.createServer((req, res) => {
  if (req.url === "/bench/reset" && req.method === "POST") {
    rx.reset();
    first = last = null;
    return void res.writeHead(204).end();
  }
  if (req.url === "/bench") {
    const { user, system } = process.cpuUsage();
    const body = { ...rx.stats, lag: rx.lagPercentiles(), firstKeptAt: first, lastKeptAt: last, cpuMs: (user + system) / 1000 };
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
  const keptBefore = rx.stats.keptRequests;
  res.on("finish", () => {
    if (rx.stats.keptRequests === keptBefore) return;
    last = Date.now();
    first ??= last;
  });
  rx.handler(req, res);
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
