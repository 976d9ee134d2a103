import { intFlag, stringFlag, type Flags } from "../lib/args";
import { benchDatabase, machine, nodeCpuMs, peakRssMb, postgresCpuMs, printTable, statementStats, type Benchmark } from "./lib";
import { churn, setupSyncBench } from "./sync-setup";
import { measureLimit, type LimitResult } from "./sync-limit";
import { startTarget } from "./sync-target";

// The sync engine end to end: plan in SQL, deliver batches to a webhook receiver or the Meta
// emulator (--destination meta) in another process, commit per batch, snapshot. First the initial full sync of --members people,
// then an incremental run after 1% churn. Targets (issue 5): initial ≥ 100,000 members/s,
// incremental ≤ 3 s.

export const syncBenchmark: Benchmark = {
  description: "initial full sync to a local webhook receiver (or --destination meta: the Meta emulator), then a 1% churn incremental run",
  usage:
    "npm run bench -- sync [--destination webhook|meta] [--members 1000000] [--batch 10000] [--concurrency 4] [--database-url URL | --data-dir DIR] [--initial-only] [--statements]",
  async run(flags: Flags) {
    const members = intFlag(flags, "members", 1_000_000);
    const batch = intFlag(flags, "batch", 10_000);
    const concurrency = intFlag(flags, "concurrency", 4);
    const churnCount = Math.max(2, Math.round(members / 100));
    const destination = stringFlag(flags, "destination") ?? "webhook";
    // The initial sync alone: the churn run measures the incremental plan, a bench of its own (sync-plan).
    const initialOnly = flags["initial-only"] !== undefined;
    // --data-dir keeps the embedded database (and its million seeded people) between runs.
    const statements = flags.statements !== undefined;
    const database = await benchDatabase(stringFlag(flags, "database-url"), stringFlag(flags, "data-dir"), "fast", { statements });
    // A reused local database (--database-url) still gets its server CPU read, given its data dir.
    const pgDataDir = stringFlag(flags, "pg-data-dir");
    if (pgDataDir) database.serverCpuMs = () => postgresCpuMs(pgDataDir);
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
    process.env.ENCRYPTION_KEY ??= "be".repeat(32);
    process.env.LOG_LEVEL = "warn";
    // The receiver and the emulator run on this machine: allow loopback under the egress policy.
    process.env.EGRESS_ALLOW ??= "127.0.0.0/8,::1,localhost";
    const target = await startTarget(destination, batch, { statements });
    try {
      const t0 = Date.now();
      const setup = await setupSyncBench(database.url, members, churnCount);
      console.log(`  ${setup} ${members.toLocaleString("en-US")} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      // Imported late: lib/db reads DATABASE_URL when first used.
      const { runSync } = await import("@/lib/sync/run-sync");
      const { makeDestination, makeSync } = await import("@/lib/sync/testing/fixtures");
      const { db, disconnectDb, pool } = await import("@/lib/db");
      // lib/db's pool has no 'error' listener: an idle client killed when we stop our Postgres
      // would otherwise crash the process after the figures are printed.
      pool().on("error", () => {});
      const dest = await makeDestination(target.kind, target.settings, target.credentials, `Bench ${target.label}`);
      const sync = await makeSync({
        segmentId: "bench_all",
        destinationId: dest.id,
        identifiers: ["email", "phone"],
        name: "Bench audience",
      });

      const measure = async (label: string) => {
        const cpu = { node: nodeCpuMs(), pg: database.serverCpuMs() };
        const far = target.cpuMs();
        const started = performance.now();
        // CPU at the moment the plan is recorded (polled), to split the plan's share from delivery's.
        let atPlan = null as { node: number; pg: number | null } | null;
        let polling = true;
        const poll = (async () => {
          while (polling && !atPlan) {
            const { rows } = await pool().query<{ planned: boolean }>(
              "SELECT bool_or(to_add IS NOT NULL) AS planned FROM sync_runs WHERE sync_id = $1 AND status = 'running'",
              [sync.id],
            );
            if (rows[0]?.planned) atPlan = { node: nodeCpuMs(), pg: database.serverCpuMs() };
            else await new Promise((r) => setTimeout(r, 100));
          }
        })();
        const result = await runSync(sync.id, { trigger: "manual" }, { concurrency });
        const seconds = (performance.now() - started) / 1000;
        polling = false;
        await poll;
        if (!("runId" in result) || result.status !== "succeeded") throw new Error(`${label} run ended ${JSON.stringify(result)}`);
        const run = await db().syncRun.findUniqueOrThrow({ where: { id: result.runId } });
        const stats = run.stats as Record<string, number>;
        const pgAfter = database.serverCpuMs();
        const farAfter = target.cpuMs();
        const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / 1000);
        return {
          targetCpu: { process: diff(far.process, farAfter.process), postgres: diff(far.postgres, farAfter.postgres) },
          run,
          stats,
          seconds,
          nodeCpu: (nodeCpuMs() - cpu.node) / 1000,
          pgCpu: cpu.pg === null || pgAfter === null ? null : (pgAfter - cpu.pg) / 1000,
          planNodeCpu: atPlan ? (atPlan.node - cpu.node) / 1000 : null,
          planPgCpu: atPlan?.pg != null && cpu.pg !== null ? (atPlan.pg - cpu.pg) / 1000 : null,
        };
      };

      const byStatement = statements ? await statementStats(database.url) : null;
      const emulatorStatements = statements && target.storeUrl ? await statementStats(target.storeUrl) : null;
      const initial = await measure("initial");
      await byStatement?.report();
      await emulatorStatements?.report(8, `${target.label}'s own Postgres`);
      // The limit, measured in the same run right after, on a receiver of its own (the engine's
      // keeps the engine's audience for the check below). Webhook only: it is the webhook's wire.
      const limits = destination === "webhook" ? await measureLimits(database, batch, concurrency) : null;
      let incremental: Awaited<ReturnType<typeof measure>> | null = null;
      if (!initialOnly) {
        await churn(database.url, members, churnCount);
        incremental = await measure("incremental");
      }
      const remote = (await db().sync.findUniqueOrThrow({ where: { id: sync.id } })).remoteAudienceId!;
      const held = await target.held(remote);
      const delivered = await db().audienceMember.count({ where: { syncId: sync.id } });
      if (held.members !== delivered || held.problems)
        throw new Error(`${target.label} holds ${held.members}, engine recorded ${delivered}, problems ${held.problems}`);
      await disconnectDb();

      const s = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(2);
      const figures = {
        members,
        initial_added: initial.run.added,
        initial_seconds: Number(initial.seconds.toFixed(2)),
        initial_members_per_s: Math.round(initial.run.added / initial.seconds),
        initial_plan_s: Number(s(initial.stats.plan_ms)),
        initial_deliver_s: Number(s(initial.stats.deliver_ms)),
        initial_snapshot_s: Number(s(initial.stats.snapshot_ms)),
        initial_busy_read_s: Number(s(initial.stats.read_ms)),
        initial_busy_send_s: Number(s(initial.stats.send_ms)),
        initial_busy_commit_s: Number(s(initial.stats.commit_ms)),
        initial_node_cpu_s: Number(initial.nodeCpu.toFixed(1)),
        initial_postgres_cpu_s: initial.pgCpu === null ? null : Number(initial.pgCpu.toFixed(1)),
        initial_plan_node_cpu_s: initial.planNodeCpu === null ? null : Number(initial.planNodeCpu.toFixed(1)),
        initial_plan_postgres_cpu_s: initial.planPgCpu === null ? null : Number(initial.planPgCpu.toFixed(1)),
        initial_engine_cpu_s: initial.pgCpu === null ? null : Number((initial.nodeCpu + initial.pgCpu).toFixed(1)),
        // An estimate, not a measurement: the engine's pace were its CPU the only work on every core
        // (the far side, above all the Meta emulator's own Postgres, shares these cores in the run).
        initial_engine_only_members_per_s:
          initial.pgCpu === null ? null : Math.round(initial.run.added / ((initial.nodeCpu + initial.pgCpu) / machine().cpus)),
        initial_target_process_cpu_s: initial.targetCpu.process === null ? null : Number(initial.targetCpu.process.toFixed(1)),
        initial_target_postgres_cpu_s: initial.targetCpu.postgres === null ? null : Number(initial.targetCpu.postgres.toFixed(1)),
        limit_members_per_s: limits?.send.perSecond ?? null,
        limit_with_state_members_per_s: limits?.state.perSecond ?? null,
        limit_node_cpu_s: limits ? Number(limits.send.nodeCpu.toFixed(1)) : null,
        limit_postgres_cpu_s: limits?.send.pgCpu == null ? null : Number(limits.send.pgCpu.toFixed(1)),
        limit_with_state_node_cpu_s: limits ? Number(limits.state.nodeCpu.toFixed(1)) : null,
        limit_with_state_postgres_cpu_s: limits?.state.pgCpu == null ? null : Number(limits.state.pgCpu.toFixed(1)),
        cpu_ratio_with_state:
          limits && initial.pgCpu !== null && limits.state.pgCpu !== null
            ? Number(
                (
                  (initial.nodeCpu + initial.pgCpu) /
                  initial.run.added /
                  ((limits.state.nodeCpu + limits.state.pgCpu) / limits.state.members)
                ).toFixed(2),
              )
            : null,
        limit_ratio: limits ? Number((limits.send.perSecond / Math.round(initial.run.added / initial.seconds)).toFixed(2)) : null,
        churn_changes: incremental ? (incremental.run.toAdd ?? 0) + (incremental.run.toRemove ?? 0) : null,
        incremental_seconds: incremental ? Number(incremental.seconds.toFixed(2)) : null,
        incremental_plan_s: incremental ? Number(s(incremental.stats.plan_ms)) : null,
        incremental_deliver_s: incremental ? Number(s(incremental.stats.deliver_ms)) : null,
        incremental_snapshot_s: incremental ? Number(s(incremental.stats.snapshot_ms)) : null,
        suppressed: initial.run.suppressed,
        delivered,
        destination,
        receiver_requests: held.requests,
        batch,
        concurrency,
        peak_rss_mb: peakRssMb(),
        ...machine(),
      };
      printTable(
        `sync to the ${target.label}: ${members.toLocaleString("en-US")} members, batches of ${batch.toLocaleString("en-US")}, ${concurrency} in flight`,
        [
          ["initial: members added", figures.initial_added],
          ["initial: seconds (end to end)", figures.initial_seconds.toFixed(2)],
          ["initial: members/s (target ≥ 180,000)", figures.initial_members_per_s],
          ["  plan in SQL (s)", s(initial.stats.plan_ms)],
          ["  deliver + commit per batch (s)", s(initial.stats.deliver_ms)],
          [
            "    busy: read plan / send / commit (s)",
            `${s(initial.stats.read_ms)} / ${s(initial.stats.send_ms)} / ${s(initial.stats.commit_ms)}`,
          ],
          ["  snapshot (s)", s(initial.stats.snapshot_ms)],
          ["  node CPU / postgres CPU (s)", `${figures.initial_node_cpu_s} / ${figures.initial_postgres_cpu_s ?? "n/a"}`],
          [
            "    of which until the plan was recorded (s)",
            `${figures.initial_plan_node_cpu_s ?? "n/a"} / ${figures.initial_plan_postgres_cpu_s ?? "n/a"}`,
          ],
          [
            `  ${target.label} CPU: process / its own Postgres (s)`,
            `${figures.initial_target_process_cpu_s ?? "n/a"} / ${figures.initial_target_postgres_cpu_s ?? "n/a"}`,
          ],
          [
            "  engine alone, CPU-bound estimate (members/s)",
            figures.initial_engine_only_members_per_s === null ? "n/a" : figures.initial_engine_only_members_per_s,
          ],
          ...(limits
            ? ([
                ["limit: COPY + signed POSTs (members/s)", limits.send.perSecond],
                ["  node CPU / postgres CPU (s)", `${figures.limit_node_cpu_s} / ${figures.limit_postgres_cpu_s ?? "n/a"}`],
                ["limit + delivered state by COPY, durable table (members/s)", limits.state.perSecond],
                [
                  "  node CPU / postgres CPU (s)",
                  `${figures.limit_with_state_node_cpu_s} / ${figures.limit_with_state_postgres_cpu_s ?? "n/a"}`,
                ],
                ["limit ÷ engine (target ≤ 1.5)", figures.limit_ratio!.toFixed(2)],
                [
                  "CPU per member: engine ÷ limit with state (load-proof)",
                  figures.cpu_ratio_with_state === null ? "n/a" : figures.cpu_ratio_with_state.toFixed(2),
                ],
              ] as [string, string | number][])
            : []),
          ...(incremental
            ? ([
                ["incremental: changes (1% churn)", figures.churn_changes!],
                ["incremental: seconds (target ≤ 3)", incremental.seconds.toFixed(2)],
                ["  plan in SQL (s)", s(incremental.stats.plan_ms)],
                ["  deliver + commit (s)", s(incremental.stats.deliver_ms)],
                ["  snapshot (s)", s(incremental.stats.snapshot_ms)],
              ] as [string, string | number][])
            : []),
          ["suppressed (1% rule)", figures.suppressed ?? 0],
          [`${target.label} holds = engine delivered`, `${held.members.toLocaleString("en-US")} = ${delivered.toLocaleString("en-US")}`],
          ["load avg (1 min), cpus", `${figures.load1}, ${figures.cpus}`],
        ],
      );
      return figures;
    } finally {
      await target.close();
      await database.close();
    }
  },
};

type Measured = LimitResult & { nodeCpu: number; pgCpu: number | null };

async function measureLimits(database: { url: string; serverCpuMs(): number | null }, batch: number, concurrency: number) {
  const one = async (state: boolean): Promise<Measured> => {
    const receiver = await startTarget("webhook", batch);
    try {
      const cpu = { node: nodeCpuMs(), pg: database.serverCpuMs() };
      const settings = receiver.settings as { url: string };
      const secret = (receiver.credentials as { signingSecret: string }).signingSecret;
      const r = await measureLimit(database.url, { url: settings.url, secret }, { batch, concurrency, state });
      const pgAfter = database.serverCpuMs();
      const held = await receiver.held("limit");
      if (held.members !== r.members || held.problems) throw new Error(`limit: receiver holds ${held.members} of ${r.members}`);
      return {
        ...r,
        nodeCpu: (nodeCpuMs() - cpu.node) / 1000,
        pgCpu: cpu.pg === null || pgAfter === null ? null : (pgAfter - cpu.pg) / 1000,
      };
    } finally {
      receiver.close();
    }
  };
  return { send: await one(false), state: await one(true) };
}
