import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/dev/embedded-postgres";
import { migrate } from "@/lib/db/migrate";
import { startTestIdentityProvider } from "./oidc-provider";

// Starts everything the browser tests need: an embedded Postgres with a migrated,
// seeded database; API tokens for each role (written to e2e/.auth/tokens.json); and the
// production build served by `next start`. Returns the teardown.
export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT);
  const dir = mkdtempSync(path.join(os.tmpdir(), "downstream-e2e-pg-"));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dir, "data"), { persistent: false });
  await ensureDatabase(pg.url("postgres"), "downstream_e2e");
  const databaseUrl = pg.url("downstream_e2e");
  await migrate(databaseUrl);
  // A real OIDC identity provider for single sign-on (e2e/sso.spec.ts), up before the app reads its discovery document.
  const idp = await startTestIdentityProvider({
    port: Number(process.env.E2E_OIDC_PORT ?? port + 10_000),
    appUrl: `http://127.0.0.1:${port}`,
  });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456",
    ENCRYPTION_KEY: "1e".repeat(32),
    DEMO_MODE: "1",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    // The mounted emulators (this origin), the demo warehouse (this Postgres) and the specs'
    // loopback receivers: all on this machine.
    EGRESS_ALLOW: "127.0.0.0/8,::1,localhost",
    ...idp.env,
  };
  Object.assign(process.env, env);
  run(["--import", "tsx", "e2e/prepare-database.ts"], env);

  if (process.env.E2E_BUILD === "1" || !existsSync(`${process.env.NEXT_DIST_DIR ?? ".next"}/BUILD_ID`)) {
    run(["node_modules/next/dist/bin/next", "build"], { ...env, NODE_ENV: "production" });
  }
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // If the port was taken, `next start` exits at once: fail loudly rather than test someone else's server.
  let exited: number | null = null;
  server.once("exit", (code) => (exited = code ?? 1));
  await waitFor(`http://127.0.0.1:${port}/api/health`, 60_000, () => exited);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    await idp.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, args, { env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed with ${result.status}`);
}

async function waitFor(url: string, timeoutMs: number, exitCode: () => number | null) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`next start exited with ${exitCode()} before serving ${url} (is the port in use?)`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000}s`);
}
