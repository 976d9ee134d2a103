import { parseArgs, positionals } from "../lib/args";
import type { Benchmark } from "./lib";
import { actionsBenchmark } from "./actions";
import { ingestBenchmark } from "./ingest";
import { latencyBenchmark } from "./latency";
import { monitoringBenchmark } from "./monitoring";
import { overlapBenchmark } from "./overlap";
import { pagesBenchmark } from "./pages";
import { seedBenchmark } from "./seed";
import { segmentsBenchmark } from "./segments";
import { streamsBenchmark } from "./streams";
import { syncBenchmark } from "./sync";
import { syncPlanBenchmark } from "./sync-plan";

// `npm run bench -- <name> [flags]`. Each benchmark prints a readable table and, as the
// very last line of output, one JSON object with its figures (for CI and comparisons).
// Add one by writing scripts/bench/<name>.ts and registering it here.
const benchmarks: Record<string, Benchmark> = {
  seed: seedBenchmark,
  ingest: ingestBenchmark,
  sync: syncBenchmark,
  "sync-plan": syncPlanBenchmark,
  segments: segmentsBenchmark,
  monitoring: monitoringBenchmark,
  streams: streamsBenchmark,
  overlap: overlapBenchmark,
  latency: latencyBenchmark,
  actions: actionsBenchmark,
  pages: pagesBenchmark,
};

function list() {
  const width = Math.max(...Object.keys(benchmarks).map((n) => n.length));
  console.log("Usage: npm run bench -- <name> [flags]\n\nBenchmarks:");
  for (const [name, b] of Object.entries(benchmarks))
    console.log(`  ${name.padEnd(width)}  ${b.description}\n  ${" ".repeat(width)}  ${b.usage}`);
}

const [name] = positionals();
const benchmark = name ? benchmarks[name] : undefined;
if (!benchmark) {
  if (name) console.error(`Unknown benchmark "${name}".\n`);
  list();
  process.exit(name ? 1 : 0);
}

try {
  const figures = await benchmark.run(parseArgs());
  console.log(JSON.stringify({ benchmark: name, ...figures }));
  process.exit(0);
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
}
