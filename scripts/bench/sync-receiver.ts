import { startReceiver } from "@/lib/sync/testing/receiver";

// The bench's webhook receiver, in its own process so it does not share the engine's event loop
// (a real receiver is another machine). Verifies every signature, keeps member keys only, and
// answers GET with what it holds. Prints its URL as the first line of output.
const rx = await startReceiver(process.env.BENCH_SECRET!, { record: false });
console.log(rx.url);
process.on("SIGTERM", () => void rx.close().then(() => process.exit(0)));
