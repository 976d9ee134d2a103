import { devHost, devUrls } from "@/lib/dev/dev-origins";
import { importWithoutSignalHooks } from "./lib/own-signals";
import { supervise } from "./lib/supervise";

// `npm run dev`: database (embedded unless DATABASE_URL), migrations, demo workspace on
// first start, then the Next.js app and the job worker. They live and die together (see
// scripts/lib/supervise.ts): Ctrl-C, or any of them dying, stops all of it, Postgres last.
// The app listens on loopback only unless HOST says otherwise (HOST=0.0.0.0 for the LAN).
const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const host = devHost();
const urls = devUrls(port);
// Before bootstrap: the demo's egress allowance and its destinations' addresses are both
// derived from this origin, and must name the same host.
process.env.NEXTAUTH_URL ??= urls[0];
// No network here, and a local console has no business phoning home: Next's telemetry stays off.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const { bootstrap } = await importWithoutSignalHooks(() => import("./lib/bootstrap"));
const { embedded, demoMode } = await bootstrap();

if (demoMode) {
  const { ensureDemoWorkspace } = await import("@/lib/demo/workspace");
  const seeded = await ensureDemoWorkspace();
  if (seeded) console.log(`  demo workspace seeded: ${seeded.profiles.toLocaleString()} people, ${seeded.events.toLocaleString()} events`);
}
// This process only supervises from here on: release its database connections.
const { disconnectDb } = await import("@/lib/db");
await disconnectDb();

const supervisor = supervise(
  [
    {
      name: "the Next.js app",
      command: process.execPath,
      args: ["node_modules/next/dist/bin/next", "dev", "-p", String(port), "-H", host],
      options: { env: process.env },
    },
    {
      name: "the job worker",
      command: process.execPath,
      args: ["--import", "tsx", "scripts/worker.ts"],
      options: { env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1" } },
    },
  ],
  {
    cleanup: async () => {
      if (embedded) {
        console.error("  stopping Postgres");
        await embedded.stop();
      }
    },
  },
);

const { DEMO_PASSWORD, demoUsers } = await import("@/lib/demo/demo-users");
console.log(`
  Downstream is starting: open ${urls.join("  or  ")}
  (${embedded ? "embedded Postgres in .data/postgres" : "DATABASE_URL"}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s before Next compiles${host === "127.0.0.1" ? "; this machine only: HOST=0.0.0.0 opens it to your network" : ""})
${demoMode ? `  Demo sign-in: ${demoUsers.map((u) => `${u.email} (${u.role})`).join(", ")}\n  Password:     ${DEMO_PASSWORD}\n` : ""}`);

const code = await supervisor.done;
if (code !== 0) console.error(`  Downstream stopped (exit code ${code}).`);
process.exit(code);
