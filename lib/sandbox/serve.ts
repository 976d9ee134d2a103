import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EmulatorHandler } from "@/lib/sandbox/request";

// Runs a Web-standard emulator handler on a plain node:http server, for tests and the benchmark
// (the demo mounts the same handlers in a Next route instead).

export type EmulatorServer = { url: string; port: number; close: () => Promise<void> };

export async function startEmulatorServer(handler: EmulatorHandler, opts: { port?: number; host?: string } = {}): Promise<EmulatorServer> {
  const host = opts.host ?? "127.0.0.1";
  // Long query strings are the emulators' business (Meta answers 414 past ~64 KB), not node's 16 KB default.
  const server = http.createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    void serveOne(handler, host, req, res);
  });
  // Benchmark clients keep connections open; don't let idle sockets hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function serveOne(handler: EmulatorHandler, host: string, req: http.IncomingMessage, res: http.ServerResponse) {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    const method = req.method ?? "GET";
    const body = chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host ?? host}${req.url ?? "/"}`, { method, headers, body });
    const response = await handler(request);
    const out = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((v, k) => (outHeaders[k] = v));
    res.writeHead(response.status, { ...outHeaders, "content-length": String(out.length) });
    res.end(out);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `emulator crashed: ${(e as Error).message}` } }));
  }
}
