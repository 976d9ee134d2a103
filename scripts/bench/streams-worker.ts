import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { fanOutEvents } from "@/lib/streams/fanout";
import { streamSender } from "@/lib/streams/stream-sender";

// A delivery worker for the streams bench: the same loop every worker process runs
// (lib/jobs/worker.ts), without the job queue. Each fan-out that moved rows is reported on stdout as
// one JSON line (rows, ms, when it ended), so the bench can tell fan-out time from delivery time.
// Prints "ready" first.

const stop = startDeliveryLoop({
  feeders: [
    async () => {
      const started = Date.now();
      const rows = await fanOutEvents();
      if (rows) process.stdout.write(`${JSON.stringify({ fanout: rows, ms: Date.now() - started, at: Date.now() })}\n`);
      return rows;
    },
  ],
  senders: [streamSender],
});
console.log("ready");
process.on("SIGTERM", () => void stop().then(() => process.exit(0)));
