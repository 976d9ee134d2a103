import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db";

// Every test file gets its own database, cloned from the migrated template, so files
// run in parallel without seeing each other's rows. Dropped when the file finishes.
const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `t_${randomBytes(6).toString("hex")}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.TEST_PG_ADMIN_URL = adminUrl;

afterAll(async () => {
  const { stopQueue } = await import("@/lib/jobs/queue");
  await stopQueue();
  await disconnectDb();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});
