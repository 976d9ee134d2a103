import { startWorker } from "@/lib/jobs/worker";

// The latency bench's worker: exactly what `npm run worker` runs (every job, the delivery loop and
// the near-real-time segment pass), at the settings its environment gives. Prints "ready".
const stop = await startWorker();
console.log("ready");
process.on("SIGTERM", () => void stop().then(() => process.exit(0)));
