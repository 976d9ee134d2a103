import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";

// Uses a scratch database (not the per-file template clone) to migrate from empty.
async function scratchDatabase() {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const name = `m_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("npm run db:migrate", () => {
  it("applies the project's migrations once and records them as prisma migrate deploy does", async () => {
    const url = await scratchDatabase();
    const first = await migrate(url);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    const rows = await query(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(readMigrations()[i].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("rolls back a failing migration, keeps earlier ones, and refuses an edited one", async () => {
    const url = await scratchDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "migs-"));
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    write("001_a", "CREATE TABLE a (id int);");
    write("002_b", "CREATE TABLE b (id int); SELECT no_such_function();");
    await expect(migrate(url, dir)).rejects.toThrow(/002_b failed/);
    expect(await query(url, "SELECT to_regclass('a') IS NOT NULL AS a, to_regclass('b') IS NOT NULL AS b")).toEqual([
      { a: true, b: false },
    ]);

    write("002_b", "CREATE TABLE b (id int);");
    expect((await migrate(url, dir)).applied).toEqual(["002_b"]);
    write("001_a", "CREATE TABLE a (id bigint);");
    await expect(migrate(url, dir)).rejects.toThrow(/001_a was edited/);
  });
});
