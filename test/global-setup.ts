import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/dev/embedded-postgres";
import { migrate } from "@/lib/db/migrate";

export const TEMPLATE_DB = "downstream_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

// One real PostgreSQL for the whole run, with a migrated template database that each
// test file clones (CREATE DATABASE ... TEMPLATE is a file copy: milliseconds).
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "downstream-test-pg-"));
  chmodSync(dir, 0o755); // embedded-postgres runs the server as a separate "postgres" user
  const pg = await startEmbeddedPostgres(path.join(dir, "data"), { persistent: false });
  await ensureDatabase(pg.url("postgres"), TEMPLATE_DB);
  await migrate(pg.url(TEMPLATE_DB));
  project.provide("pgAdminUrl", pg.url("postgres"));
  project.provide("pgTemplate", TEMPLATE_DB);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
