import { seedDemo } from "@/lib/demo/seed";
import { boolFlag, intFlag, stringFlag, type Flags } from "../lib/args";
import { benchDatabase, machine, nodeCpuMs, peakRssMb, printTable, type Benchmark } from "./lib";

// Throughput of the demo seeder (lib/demo): generator + COPY into a fresh, migrated
// database with every production index in place. The reference size is
// --profiles 1000000 (about 27 events per profile at --days 60).
export const seedBenchmark: Benchmark = {
  description: "bulk-load the demo store with COPY; events/s, profiles/s, peak RSS",
  usage: "npm run bench -- seed [--profiles 100000] [--days 60] [--seed 42] [--keep-indexes] [--database-url URL]",
  async run(flags: Flags) {
    const profiles = intFlag(flags, "profiles", 100_000);
    const days = intFlag(flags, "days", 60);
    const seed = intFlag(flags, "seed", 42);
    const keepIndexes = boolFlag(flags, "keep-indexes");
    const db = await benchDatabase(stringFlag(flags, "database-url"));
    try {
      const cpuBefore = { node: nodeCpuMs(), server: db.serverCpuMs() };
      let lastShown = 0;
      const result = await seedDemo({
        databaseUrl: db.url,
        profiles,
        days,
        seed,
        indexes: keepIndexes ? "keep" : "rebuild",
        onProgress: (p) => {
          if (p.elapsedMs - lastShown < 10_000) return;
          lastShown = p.elapsedMs;
          console.log(
            `  ${(p.elapsedMs / 1000).toFixed(0).padStart(4)} s  ${p.profiles.toLocaleString("en-US")} profiles, ${p.events.toLocaleString("en-US")} events`,
          );
        },
      });
      const seconds = result.ms / 1000;
      const serverAfter = db.serverCpuMs();
      const serverCpu = cpuBefore.server === null || serverAfter === null ? null : (serverAfter - cpuBefore.server) / 1000;
      const nodeCpu = (nodeCpuMs() - cpuBefore.node) / 1000;
      const figures = {
        profiles: result.profiles,
        events: result.events,
        seconds: Number(seconds.toFixed(2)),
        events_per_s: Math.round(result.events / seconds),
        events_per_min: Math.round((result.events / seconds) * 60),
        profiles_per_s: Math.round(result.profiles / seconds),
        index_rebuild_s: Number((result.indexRebuildMs / 1000).toFixed(2)),
        fk_checks: result.fkChecks,
        node_cpu_s: Number(nodeCpu.toFixed(1)),
        postgres_cpu_s: serverCpu === null ? null : Number(serverCpu.toFixed(1)),
        peak_rss_mb: peakRssMb(),
        days,
        seed,
        ...machine(),
      };
      printTable(`seed: ${profiles.toLocaleString("en-US")} profiles, ${days} days, seed ${seed}`, [
        ["profiles", figures.profiles],
        ["events", figures.events],
        ["seconds", seconds.toFixed(1)],
        ["events/s", figures.events_per_s],
        ["events/min", figures.events_per_min],
        ["profiles/s", figures.profiles_per_s],
        ["index rebuild (s)", keepIndexes ? "kept" : figures.index_rebuild_s.toFixed(1)],
        ["FK checks", result.fkChecks ? "on" : "skipped (superuser)"],
        ["node CPU (s)", nodeCpu.toFixed(1)],
        ["postgres CPU (s)", serverCpu === null ? "n/a (external db)" : serverCpu.toFixed(1)],
        ["peak RSS, node (MB)", figures.peak_rss_mb],
        ["load avg (1 min), cpus", `${figures.load1}, ${figures.cpus}`],
      ]);
      return figures;
    } finally {
      await db.close();
    }
  },
};
