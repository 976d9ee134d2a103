import type { IngestMessage } from "@/lib/ingest/message";
import { parseSegmentRequest } from "@/lib/ingest/segment/parse-request";
import type { Lookup } from "@/lib/ingest/write/lookup";
import { planPeople } from "@/lib/ingest/write/plan-people";
import { BodyPool, type LoadOptions } from "./ingest-load";

// Node CPU of the ingest route's in-memory steps alone (no database), best of a few rounds:
// the benchmark's batch bodies through parseSegmentRequest (JSON.parse, guards, validation,
// mapping to messages), then planPeople (who needs a profile write; rows folded and their
// identifiers normalized) against a lookup where every user exists and ~3% were last written
// a minute or more ago, as in the benchmark's steady state. `npx tsx scripts/bench/ingest-parse-micro.ts [rounds]`
const o: LoadOptions = { ports: [], writeKey: "wk", clients: 4, batchSize: 500, users: 20_000, identifyShare: 0.05, anonymousShare: 0.2 };
const pool = new BodyPool(o, 64);
const bodies = Array.from({ length: 64 }, () => pool.take().toString("utf8"));
const now = Date.now();
const lookup: Lookup = { people: new Map(), suppressed: new Set(), aliases: new Map() };
for (let u = 0; u < o.users; u++) {
  const lastSeen = now - ((u * 7919) % 62_000); // ~3% a minute or more ago: a user is seen every ~2 s
  lookup.people.set(`user-${u}`, { id: String(u + 1), firstSeen: lastSeen - 86_400_000, lastSeen });
  lookup.aliases.set(`anon-${u}`, String(u + 1));
}
const rounds = Number(process.argv[2] ?? 5);

function cpuPerEvent(step: (body: string, parsed: IngestMessage[] | undefined) => number, parsed?: IngestMessage[][]): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    let n = 0;
    for (let i = 0; i < 20; i++) bodies.forEach((body, b) => (n += step(body, parsed?.[b])));
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / n);
  }
  return Number(best.toFixed(2));
}

const receivedAt = new Date(now);
const parse = cpuPerEvent((body) => parseSegmentRequest(body, "batch", receivedAt).messages.length);
const messages = bodies.map((body) => parseSegmentRequest(body, "batch", receivedAt).messages);
const plan = cpuPerEvent((_, m) => planPeople(m!, lookup, receivedAt, "US").live.length, messages);
console.log(JSON.stringify({ benchmark: "ingest-parse-micro", parse_cpu_us_per_event: parse, plan_cpu_us_per_event: plan }));
