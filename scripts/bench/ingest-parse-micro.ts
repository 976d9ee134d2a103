import { parseSegmentRequest } from "@/lib/ingest/segment/parse-request";
import { BodyPool, type LoadOptions } from "./ingest-load";

// Node CPU of the ingest route's parsing alone (no database): the benchmark's batch bodies
// through parseSegmentRequest (JSON.parse, guards, validation, mapping to messages), best of
// a few rounds. `npx tsx scripts/bench/ingest-parse-micro.ts [rounds]`
const o: LoadOptions = { ports: [], writeKey: "wk", clients: 4, batchSize: 500, users: 20_000, identifyShare: 0.05, anonymousShare: 0.2 };
const pool = new BodyPool(o, 64);
const bodies = Array.from({ length: 64 }, () => pool.take().toString("utf8"));
const rounds = Number(process.argv[2] ?? 5);
let best = Infinity;
for (let r = 0; r < rounds; r++) {
  const t0 = process.cpuUsage();
  let n = 0;
  for (let i = 0; i < 20; i++) for (const body of bodies) n += parseSegmentRequest(body, "batch", new Date()).messages.length;
  const used = process.cpuUsage(t0);
  best = Math.min(best, (used.user + used.system) / n);
}
console.log(JSON.stringify({ benchmark: "ingest-parse-micro", parse_cpu_us_per_event: Number(best.toFixed(2)) }));
