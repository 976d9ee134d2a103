import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { percentile } from "./ingest-load";

// The two things the ingest bench compares against in the same run: what the machine can do
// (COPY of the very events the API stored into a table of the same shape, same indexes, same
// batch size, same number of concurrent writers, same durability), and where the API run's
// Postgres time went (wait events sampled from pg_stat_activity while it ran).

export type CopyLimit = { events: number; eventsPerS: number; p50Ms: number; p99Ms: number; postgresCpuS: number | null };

const COLUMNS = "profile_id, anonymous_id, source_id, type, name, properties, message_id, occurred_at, received_at";

/**
 * Copies the events stored above `afterId` into `events_copy_limit` (LIKE events INCLUDING ALL:
 * every index, the unique message id, the ingest_xid default; no triggers, no foreign key) in
 * batches of `batchSize`, `writers` at a time, one transaction per batch, and times it.
 */
export async function measureCopyLimit(
  url: string,
  afterId: number,
  o: { batchSize: number; writers: number; maxEvents: number; serverCpuMs: () => number | null },
): Promise<CopyLimit> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP TABLE IF EXISTS events_copy_limit`);
    await admin.query(`CREATE TABLE events_copy_limit (LIKE events INCLUDING ALL)`);
    // The rows as COPY text, one line each, in storing order.
    const chunks: Buffer[] = [];
    await pipeline(
      admin.query(copyTo(`COPY (SELECT ${COLUMNS} FROM events WHERE id > ${afterId} ORDER BY id LIMIT ${o.maxEvents}) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean);
    const batches: string[] = [];
    for (let i = 0; i < lines.length; i += o.batchSize) batches.push(lines.slice(i, i + o.batchSize).join("\n") + "\n");

    const writers = await Promise.all(
      Array.from({ length: o.writers }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const latencies: number[] = [];
    let next = 0;
    const cpu0 = o.serverCpuMs();
    const t0 = performance.now();
    await Promise.all(
      writers.map(async (c) => {
        while (next < batches.length) {
          const body = batches[next++]!;
          const started = performance.now();
          await c.query("BEGIN");
          await pipeline(Readable.from([body]), c.query(copyFrom(`COPY events_copy_limit (${COLUMNS}) FROM STDIN`)));
          await c.query("COMMIT");
          latencies.push(performance.now() - started);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = o.serverCpuMs();
    await Promise.all(writers.map((c) => c.end()));
    await admin.query(`DROP TABLE events_copy_limit`);
    latencies.sort((a, b) => a - b);
    return {
      events: lines.length,
      eventsPerS: Math.round(lines.length / seconds),
      p50Ms: Number(percentile(latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      postgresCpuS: cpu0 === null || cpu1 === null ? null : Number(((cpu1 - cpu0) / 1000).toFixed(1)),
    };
  } finally {
    await admin.end();
  }
}

/** Samples what the database's active backends are doing every `everyMs` until stopped; share of samples per state. */
export function sampleWaits(url: string, everyMs = 50) {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const client = new pg.Client({ connectionString: url });
  const done = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ what: string }>(
        `SELECT COALESCE(wait_event_type || ':' || wait_event, 'CPU') || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS what
           FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`,
      );
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + 1);
      samples += rows.length;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await client.end();
  })();
  return {
    async stop(top = 8): Promise<[string, string][]> {
      stopped = true;
      await done;
      return [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([what, n]) => [what, `${((100 * n) / Math.max(samples, 1)).toFixed(0)}%`]);
    },
  };
}
