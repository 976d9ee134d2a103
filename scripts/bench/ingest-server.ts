import { startIngestServer } from "@/app/api/ingest/ingest-routes";

// Child process of `npm run bench -- ingest`: the real ingest route handlers on a node:http
// server, in their own process so the load generator does not share its event loop.
const server = await startIngestServer();
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
