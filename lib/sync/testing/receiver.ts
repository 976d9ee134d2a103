import http from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from "@/lib/connectors/webhook/signature";

// A local webhook receiver for tests and the bench (node:http, no framework): verifies each
// signature, applies adds and removes to its own membership set (as a real receiver would, even
// for a request whose answer the sender never saw), records everything, and lets a test inject
// faults per request: throttling, 5xx, hanging past the timeout, refusing some members.

export type Member = { key: string; email?: string; email_sha256?: string; phone?: string; phone_sha256?: string; external_id?: string };
export type Received = { n: number; event: string; delivery: string; members: Member[]; at: number };

export type Fault =
  | { status: number; headers?: Record<string, string>; body?: unknown; apply?: boolean }
  | { hangMs: number; apply?: boolean }
  | { rejectKeys: string[]; reason?: string };

/** What the bench's receiver keeps per member: nothing but the key (the map's own). */
const KEY_ONLY: Member = { key: "" };

export type FaultFn = (req: Received) => Fault | null | undefined;

export type Receiver = {
  url: string;
  /** Current membership as the receiver holds it. */
  members: Map<string, Member>;
  requests: Received[];
  /** Every key ever sent in an add, for "never sent while suppressed" checks. */
  everAdded: Set<string>;
  badSignatures: number;
  /** Requests seen so far; `Received.n` counts from here, so a test can reset it. */
  count: number;
  fault: FaultFn | null;
  close(): Promise<void>;
};

/** `record: false` keeps no request log and only member keys (the bench's million members). */
export async function startReceiver(secret: string, opts: { record?: boolean } = {}): Promise<Receiver> {
  const record = opts.record ?? true;
  const state: Receiver = {
    url: "",
    members: new Map(),
    requests: [],
    everAdded: new Set(),
    badSignatures: 0,
    count: 0,
    fault: null,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    if (req.method === "GET") {
      // For a receiver in another process (the bench): what it holds.
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ members: state.members.size, requests: state.count, badSignatures: state.badSignatures }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const ok = verifyWebhookSignature(
        secret,
        { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string },
        body,
      );
      if (!ok) {
        state.badSignatures++;
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad signature"}');
        return;
      }
      const parsed = JSON.parse(body) as { event: string; members?: Member[] };
      const received: Received = {
        n: ++state.count,
        event: parsed.event,
        delivery: String(req.headers["x-downstream-delivery"] ?? ""),
        members: parsed.members ?? [],
        at: Date.now(),
      };
      if (record) state.requests.push(received);
      const fault = state.fault?.(received) ?? null;
      const rejected = new Set(fault && "rejectKeys" in fault ? fault.rejectKeys : []);
      const apply = !fault || "rejectKeys" in fault || fault.apply === true;
      if (apply) {
        for (const m of received.members) {
          if (rejected.has(m.key)) continue;
          if (received.event === "audience.members.added") {
            state.members.set(m.key, record ? m : KEY_ONLY);
            if (record) state.everAdded.add(m.key);
          } else if (received.event === "audience.members.removed") state.members.delete(m.key);
        }
      }
      if (fault && "hangMs" in fault) {
        setTimeout(() => res.writeHead(200).end("{}"), fault.hangMs);
        return;
      }
      if (fault && "status" in fault) {
        res
          .writeHead(fault.status, { "content-type": "application/json", ...fault.headers })
          .end(JSON.stringify(fault.body ?? { error: `injected ${fault.status}` }));
        return;
      }
      const answer = rejected.size
        ? {
            rejected: [...rejected]
              .filter((k) => received.members.some((m) => m.key === k))
              .map((key) => ({ key, reason: fault && "reason" in fault ? fault.reason : "unknown customer" })),
          }
        : { ok: true };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
