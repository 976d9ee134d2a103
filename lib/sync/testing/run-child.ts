import { runSync } from "@/lib/sync/run-sync";

// A worker in its own process, for the kill -9 test: runs one sync and exits. The test kills it
// mid-run with SIGKILL, so nothing here gets a chance to clean up, exactly like a real crash.
const syncId = process.env.SYNC_ID!;
const result = await runSync(
  syncId,
  { trigger: "schedule" },
  { policy: { maxAttempts: 3, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 }, concurrency: 2 },
);
console.log(JSON.stringify(result));
process.exit(0);
