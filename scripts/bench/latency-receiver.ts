import http from "node:http";
import type { AddressInfo } from "node:net";
import { startReceiver } from "@/lib/sync/testing/receiver";

// The latency bench's webhook receiver, in its own process (a real receiver is another machine):
// the test receiver (every signature verified), plus the time each member key first arrived in an
// add. GET <control>/arrivals answers {key: ms}. Prints {"url", "control"} as its first line.
const arrivals = new Map<string, number>();
const rx = await startReceiver(process.env.BENCH_SECRET!, { record: false });
rx.fault = (req) => {
  if (req.event === "audience.members.added") for (const m of req.members) if (!arrivals.has(m.key)) arrivals.set(m.key, req.at);
  return null;
};
const control = http.createServer((_req, res) => {
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ arrivals: Object.fromEntries(arrivals), members: rx.members.size, badSignatures: rx.badSignatures }));
});
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
console.log(JSON.stringify({ url: rx.url, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` }));
process.on("SIGTERM", () => void rx.close().then(() => process.exit(0)));
