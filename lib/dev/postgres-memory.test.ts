import { describe, expect, it } from "vitest";
import { describeMemory, memoryFlags, postgresMemory } from "@/lib/dev/postgres-memory";

const GB = 1024 ** 3;

describe("embedded Postgres memory sizing", () => {
  it("gives a quarter of RAM to shared buffers on an ordinary machine", () => {
    const m = postgresMemory(8 * GB);
    expect(m.sharedBuffersMb).toBe(2048);
    expect(m.effectiveCacheSizeMb).toBe(6144);
    expect(m.maintenanceWorkMemMb).toBe(512);
    // (8192 - 2048) MB over 200 connections × 3 sort nodes
    expect(m.workMemMb).toBe(10);
  });

  it("never goes below PostgreSQL's own defaults on a small machine", () => {
    const m = postgresMemory(256 * 1024 * 1024);
    expect(m.sharedBuffersMb).toBe(128);
    expect(m.workMemMb).toBe(4);
    expect(m.maintenanceWorkMemMb).toBe(64);
    expect(m.effectiveCacheSizeMb).toBe(512);
  });

  it("caps every setting on a very large machine", () => {
    const m = postgresMemory(512 * GB);
    expect(m.sharedBuffersMb).toBe(4096);
    expect(m.workMemMb).toBe(64);
    expect(m.maintenanceWorkMemMb).toBe(1024);
    expect(m.effectiveCacheSizeMb).toBe(64 * 1024);
  });

  it("gives throwaway test clusters a sixteenth of RAM, at most 1 GB", () => {
    expect(postgresMemory(8 * GB, { profile: "shared" }).sharedBuffersMb).toBe(512);
    expect(postgresMemory(64 * GB, { profile: "shared" }).sharedBuffersMb).toBe(1024);
    expect(postgresMemory(1 * GB, { profile: "shared" }).sharedBuffersMb).toBe(128);
  });

  it("spreads sort memory over fewer connections when the server allows fewer", () => {
    expect(postgresMemory(8 * GB, { maxConnections: 20 }).workMemMb).toBe(64);
    expect(postgresMemory(4 * GB, { maxConnections: 50 }).workMemMb).toBe(20);
  });

  it("becomes server flags and one readable line", () => {
    const m = postgresMemory(24 * GB);
    expect(memoryFlags(m)).toEqual([
      "-c",
      "shared_buffers=4096MB",
      "-c",
      "effective_cache_size=18432MB",
      "-c",
      "work_mem=34MB",
      "-c",
      "maintenance_work_mem=1024MB",
    ]);
    expect(describeMemory(m)).toBe(
      "Postgres memory (24 GB RAM): shared_buffers 4 GB, effective_cache_size 18 GB, work_mem 34 MB, maintenance_work_mem 1 GB",
    );
  });
});
