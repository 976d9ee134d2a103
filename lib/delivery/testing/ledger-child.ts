import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { fanOutEvents } from "@/lib/streams/fanout";
import { streamSender } from "@/lib/streams/stream-sender";

// A ledger worker in its own process, for the kill -9 test (lib/delivery/crash.test.ts): the same
// loop every worker runs (fan-out, batching, leases, sends), against the database in DATABASE_URL.
// The test SIGKILLs it mid-batch, so nothing here gets a chance to clean up, exactly like a real
// crash; SIGTERM stops it after the pass in progress, as a deploy would.
const stop = startDeliveryLoop({ feeders: [fanOutEvents], senders: [streamSender], idleMs: 20 });
console.log("ready");
process.once("SIGTERM", () => {
  void stop().then(() => process.exit(0));
});
