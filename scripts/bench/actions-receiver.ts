import http from "node:http";
import type { AddressInfo } from "node:net";

// The webhook-actions bench's receiver, in its own process (a real receiver is another machine):
// answers every request 200 with a small JSON body and counts distinct webhook-ids (a retry
// resends the same id), duplicates, and when the first and last request arrived, plus this
// process's CPU. GET /bench answers those. Prints its URL as the first line of output.

const ids = new Set<string>();
let requests = 0;
let first: number | null = null;
let last: number | null = null;

const server = http.createServer((req, res) => {
  if (req.url === "/bench") {
    const { user, system } = process.cpuUsage();
    const body = {
      distinct: ids.size,
      requests,
      duplicates: requests - ids.size,
      firstAt: first,
      lastAt: last,
      cpuMs: (user + system) / 1000,
    };
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
  req.resume();
  req.on("end", () => {
    const id = req.headers["webhook-id"];
    if (typeof id === "string") ids.add(id);
    requests++;
    last = Date.now();
    first ??= last;
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
