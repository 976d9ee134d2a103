import { disconnectDb } from "@/lib/db";
import { stopQueue } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import { importWithoutSignalHooks } from "./lib/own-signals";

// `npm run worker`: the job worker on its own (production runs one or more of these
// beside the web app, all with the same DATABASE_URL). Inside `npm run dev` it is
// started as a child with the database already prepared.
if (!process.env.DOWNSTREAM_WORKER_CHILD) {
  if (!process.env.DATABASE_URL) {
    console.error("Set DATABASE_URL to run the worker on its own (`npm run dev` starts one for you).");
    process.exit(1);
  }
  const { bootstrap } = await importWithoutSignalHooks(() => import("./lib/bootstrap"));
  await bootstrap();
}
const stopWorker = await startWorker();
// The demo's live traffic (lib/demo/live-engagement.ts): only in demo mode, and DEMO_LIVE_TRAFFIC=0 turns it off.
const demo = ["1", "true"].includes(process.env.DEMO_MODE ?? "") && process.env.DEMO_LIVE_TRAFFIC !== "0";
const stopTraffic = demo ? (await import("@/lib/demo/live-engagement")).startLiveEngagement() : () => {};
// The demo's inbox (lib/monitoring/notifications/demo-inbox.ts): the SMTP server the "Demo inbox" channel mails.
const demoMode = ["1", "true"].includes(process.env.DEMO_MODE ?? "");
const stopInbox = demoMode ? await (await import("@/lib/monitoring/notifications/demo-inbox")).startDemoInbox() : async () => {};
const stop = async () => {
  stopTraffic();
  await stopInbox();
  await stopWorker();
};
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await stop();
    await stopQueue();
    await disconnectDb();
    process.exit(0);
  } catch (err) {
    // Typically the database went away first; exit anyway so the supervisor is not left waiting.
    console.error(`worker: stopped with an error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
