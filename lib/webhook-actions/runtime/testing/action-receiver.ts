import http from "node:http";
import type { AddressInfo } from "node:net";

// A local HTTP receiver for webhook-action tests and the bench: records every request (method,
// path, headers, body) or, in counters-only mode, the distinct webhook-ids; answers with what
// `respond` says (200 "{}" by default).

export type ReceivedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; at: number };
export type ReceiverAnswer = { status: number; body?: string; headers?: Record<string, string> };

export type ActionReceiver = {
  url: string;
  requests: ReceivedRequest[];
  /** Distinct webhook-ids received (a retry resends the same id). */
  webhookIds: Set<string>;
  /** Requests received, resends included. */
  count: number;
  respond: ((req: ReceivedRequest) => ReceiverAnswer) | null;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
};

export async function startActionReceiver(opts: { record?: boolean } = {}): Promise<ActionReceiver> {
  const record = opts.record ?? true;
  const state: ActionReceiver = {
    url: "",
    requests: [],
    webhookIds: new Set(),
    count: 0,
    respond: null,
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.webhookIds.size < n) {
        if (Date.now() > deadline) throw new Error(`receiver: ${state.webhookIds.size} of ${n} requests arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    reset() {
      state.requests = [];
      state.webhookIds = new Set();
      state.count = 0;
      state.respond = null;
    },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      const answer = state.respond?.(received) ?? { status: 200, body: "{}" };
      if (answer.status >= 200 && answer.status < 300) {
        const id = req.headers["webhook-id"];
        if (typeof id === "string") state.webhookIds.add(id);
      }
      state.count++;
      if (record) state.requests.push(received);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(answer.body ?? "");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
