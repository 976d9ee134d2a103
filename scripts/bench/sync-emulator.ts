import { emulatorFor } from "@/lib/sandbox/emulators";
import { startEmulatorServer } from "@/lib/sandbox/serve";

// An ad platform emulator (BENCH_EMULATOR: meta, google-ads, tiktok) for the sync bench, in its
// own process as the platform would be another machine; its state is in the bench database's
// sandbox schema. Prints its URL as the first line of output.
const handler = emulatorFor(process.env.BENCH_EMULATOR ?? "meta");
if (!handler) throw new Error(`No emulator ${process.env.BENCH_EMULATOR}`);
const server = await startEmulatorServer(handler);
console.log(server.url);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
