import { readFileSync } from "node:fs";
import os from "node:os";

// Memory settings for the embedded Postgres, from the machine it runs on. PostgreSQL's own
// defaults (128 MB of shared buffers, 4 MB per sort) suit a laptop from 2005: at 1M profiles
// the profiles table alone (555 MB) no longer fits and profile-heavy queries slow down
// super-linearly (issue 16). The usual rule of thumb (PostgreSQL docs, "Resource
// Consumption"; pgtune): shared buffers about a quarter of RAM, the planner told that about
// three quarters is cache, sort memory a slice of what is left per connection, and clamps so
// a big machine does not get a 10 GB buffer pool that slows checkpoints, nor a small one a
// pool that starves the application.
//
// Throwaway clusters (tests, e2e) are started several at a time on a shared machine, so they
// take a sixteenth of RAM each instead of a quarter: enough for the test data, and never
// enough together to push the machine into swap.

const MB = 1024 * 1024;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export type MemoryProfile = "machine" | "shared";
export type PostgresMemory = {
  totalMb: number;
  sharedBuffersMb: number;
  effectiveCacheSizeMb: number;
  workMemMb: number;
  maintenanceWorkMemMb: number;
};

/** Pure sizing from total RAM (bytes) and the server's max_connections. */
export function postgresMemory(totalBytes: number, o: { profile?: MemoryProfile; maxConnections?: number } = {}): PostgresMemory {
  const totalMb = Math.floor(totalBytes / MB);
  const share = o.profile === "shared" ? 1 / 16 : 1 / 4;
  const sharedBuffersMb = Math.floor(clamp(totalMb * share, 128, o.profile === "shared" ? 1024 : 4096));
  // A hint to the planner only (nothing is allocated), so it may exceed what we reserve.
  const effectiveCacheSizeMb = Math.floor(clamp(totalMb * 0.75, 512, 64 * 1024));
  // work_mem is per sort or hash node, per connection: spread what shared buffers leave over
  // the connections, three nodes each, as pgtune does.
  const connections = o.maxConnections ?? 200;
  const workMemMb = Math.floor(clamp((totalMb - sharedBuffersMb) / (connections * 3), 4, 64));
  // Index builds and vacuum, a few at a time.
  const maintenanceWorkMemMb = Math.floor(clamp(totalMb / 16, 64, 1024));
  return { totalMb, sharedBuffersMb, effectiveCacheSizeMb, workMemMb, maintenanceWorkMemMb };
}

/**
 * RAM this process may use: the machine's, or less when a container's cgroup limit says so
 * (os.totalmem() reports the host's memory inside a container).
 */
export function availableMemoryBytes(): number {
  const total = os.totalmem();
  for (const file of ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]) {
    try {
      const limit = Number(readFileSync(file, "utf8").trim());
      if (Number.isFinite(limit) && limit > 0 && limit < total) return limit;
    } catch {
      // no such cgroup file: not limited that way
    }
  }
  return total;
}

export function memoryFlags(m: PostgresMemory): string[] {
  return [
    ["shared_buffers", m.sharedBuffersMb],
    ["effective_cache_size", m.effectiveCacheSizeMb],
    ["work_mem", m.workMemMb],
    ["maintenance_work_mem", m.maintenanceWorkMemMb],
  ].flatMap(([name, mb]) => ["-c", `${name}=${mb}MB`]);
}

export function describeMemory(m: PostgresMemory): string {
  const size = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(mb % 1024 ? 1 : 0)} GB` : `${mb} MB`);
  return `Postgres memory (${size(m.totalMb)} RAM): shared_buffers ${size(m.sharedBuffersMb)}, effective_cache_size ${size(m.effectiveCacheSizeMb)}, work_mem ${size(m.workMemMb)}, maintenance_work_mem ${size(m.maintenanceWorkMemMb)}`;
}
