import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startIngestServer } from "@/app/api/ingest/ingest-routes";
import { systemActor } from "@/lib/auth/actor";
import { disconnectDb, pool } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/lib/dev/embedded-postgres";
import { resetEnvCache } from "@/lib/env";
import { invalidateSourceCache } from "@/lib/sources/authenticate-source";
import { createSource } from "@/lib/sources/manage-sources";

// Issue 9 item 23: events answered 200 must survive a crash of the embedded Postgres that
// `npm run dev` runs. This starts one with the dev defaults (persistent, no durability flag),
// streams Segment batches through the real batch route, SIGKILLs the postmaster mid-stream,
// restarts on the same data directory and counts every acknowledged message.

const dir = mkdtempSync(path.join(os.tmpdir(), "downstream-crash-pg-"));
chmodSync(dir, 0o755); // embedded-postgres runs the server as a separate "postgres" user
const dataDir = path.join(dir, "data");
const fileDatabaseUrl = process.env.DATABASE_URL;
let running: RunningPostgres | null = null;

afterAll(async () => {
  await disconnectDb();
  await running?.stop().catch(() => {});
  killCluster();
  process.env.DATABASE_URL = fileDatabaseUrl;
  resetEnvCache();
  rmSync(dir, { recursive: true, force: true });
});

function postmasterPid(): number | null {
  try {
    return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
}

/** Every process still running out of this data directory (the postmaster's orphaned children). */
function clusterPids(): number[] {
  try {
    const out = execFileSync("pgrep", ["-f", dataDir], { encoding: "utf8" });
    return out.split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function killCluster() {
  for (const pid of clusterPids()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
}

async function useDatabase(url: string) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
  resetEnvCache();
  invalidateSourceCache();
}

const batchOf = (stream: number, seq: number, size: number) =>
  Array.from({ length: size }, (_, i) => ({
    type: "track",
    messageId: `crash-${stream}-${seq}-${i}`,
    userId: `crash-user-${stream}-${i % 7}`,
    event: "Order Completed",
    properties: { seq, i },
    timestamp: new Date().toISOString(),
  }));

describe("embedded Postgres on the dev defaults", () => {
  it("keeps every event it answered 200 for through a SIGKILL of the postmaster", async () => {
    running = await startEmbeddedPostgres(dataDir); // exactly what `npm run dev` does
    await ensureDatabase(running.url("postgres"), "downstream");
    await migrate(running.url("downstream"));
    await useDatabase(running.url("downstream"));
    const source = await createSource(systemActor("test"), { name: "Crash test" });
    const server = await startIngestServer();
    const auth = `Basic ${Buffer.from(`${source.writeKey}:`).toString("base64")}`;

    const acknowledged: string[] = [];
    let killed = false;
    // Four clients send batches back to back; each records the ids of a batch answered 200.
    const stream = async (n: number) => {
      for (let seq = 0; ; seq++) {
        const batch = batchOf(n, seq, 25);
        try {
          const res = await fetch(`${server.origin}/api/ingest/v1/batch`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: auth },
            body: JSON.stringify({ batch }),
          });
          await res.text();
          if (res.status === 200) acknowledged.push(...batch.map((m) => m.messageId));
          else if (killed) return;
        } catch {
          if (killed) return;
        }
      }
    };
    const streams = [0, 1, 2, 3].map(stream);
    // Crash once the stream is well under way (a count, not a clock).
    while (acknowledged.length < 3_000) await new Promise((r) => setTimeout(r, 20));
    const pid = postmasterPid();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, "SIGKILL");
    killed = true;
    await Promise.all(streams);
    await server.close();
    await disconnectDb();

    // The orphaned backends exit once they notice the postmaster is gone; make sure, so the
    // restart does not find the old shared memory still attached.
    killCluster();
    const gone = (p: number) => {
      try {
        process.kill(p, 0);
        return false;
      } catch {
        return true;
      }
    };
    for (let i = 0; i < 200 && (clusterPids().length || !gone(pid!)); i++) await new Promise((r) => setTimeout(r, 50));
    running = await startEmbeddedPostgres(dataDir);
    await useDatabase(running.url("downstream"));

    const { rows } = await pool().query<{ stored: number }>(
      "SELECT count(*)::int AS stored FROM events WHERE message_id = ANY($1::text[])",
      [acknowledged],
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(3_000);
    expect(rows[0]!.stored).toBe(acknowledged.length);
  });
});
