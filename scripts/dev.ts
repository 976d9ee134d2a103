import { spawn, type ChildProcess } from "node:child_process";
import { bootstrap } from "./lib/bootstrap";

// `npm run dev`: database (embedded unless DATABASE_URL), migrations, demo workspace on
// first start, then the Next.js app and the job worker. Ctrl-C stops all of it cleanly.
const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const { embedded, demoMode } = await bootstrap();
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

if (demoMode) {
  const { ensureDemoWorkspace } = await import("@/lib/demo/workspace");
  const seeded = await ensureDemoWorkspace();
  if (seeded) console.log(`  demo workspace seeded: ${seeded.profiles.toLocaleString()} people, ${seeded.events.toLocaleString()} events`);
}

const children: ChildProcess[] = [
  spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", String(port)], { stdio: "inherit", env: process.env }),
  spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { stdio: "inherit", env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1" } }),
];

const { DEMO_PASSWORD, demoUsers } = await import("@/lib/demo/demo-users");
console.log(`
  Downstream is starting on http://localhost:${port}  (${embedded ? "embedded Postgres in .data/postgres" : "DATABASE_URL"}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s before Next compiles)
${demoMode ? `  Demo sign-in: ${demoUsers.map((u) => `${u.email} (${u.role})`).join(", ")}\n  Password:     ${DEMO_PASSWORD}\n` : ""}`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  if (embedded) await embedded.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
for (const child of children) child.on("exit", (code) => !stopping && void shutdown(code ?? 1));
