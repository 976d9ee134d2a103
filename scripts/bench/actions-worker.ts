import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { actionSender } from "@/lib/webhook-actions/runtime/action-sender";
import { webhookActionFeeder } from "@/lib/webhook-actions/runtime/webhook-action-feeder";

// A delivery worker for the webhook-actions bench: the loop every worker process runs
// (lib/jobs/worker.ts) with the webhook-action feeder and sender, without the job queue. Prints "ready".

const stop = startDeliveryLoop({ feeders: [webhookActionFeeder], senders: [actionSender] });
console.log("ready");
process.on("SIGTERM", () => void stop().then(() => process.exit(0)));
