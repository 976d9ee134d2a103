import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyStandard } from "@/lib/delivery/signing";

// A local HTTP receiver standing in for Slack's incoming webhooks, PagerDuty's Events API v2 and a
// customer's signed webhook, strict about each documented shape so a test fails when we drift:
//   /slack      a JSON object with a non-empty `text` (Slack's fallback) and, if present, `blocks`
//               as an array (≤ 50) of objects with a `type`; a header's text ≤ 150 characters.
//               Answers "ok" like Slack, or "invalid_payload" (400).
//   /pagerduty  https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ : routing_key
//               (32 characters), event_action trigger|acknowledge|resolve, dedup_key (≤ 255); for
//               trigger, payload.summary (≤ 1,024), payload.source, payload.severity
//               critical|error|warning|info. Answers 202 {status:"success", dedup_key} or 400.
//   /webhook    Standard Webhooks signature verified with `secret` (401 otherwise).
// `fault` makes every request answer a status instead (a channel that fails).

export type ReceivedNotification = { path: string; body: Record<string, unknown>; headers: http.IncomingHttpHeaders };

export type NotificationReceiver = {
  url: string;
  received: ReceivedNotification[];
  refused: { path: string; reason: string }[];
  fault: null | { status: number; body?: string };
  secret: string | null;
  waitFor(path: string, n: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
};

const PD_ACTIONS = new Set(["trigger", "acknowledge", "resolve"]);
const PD_SEVERITIES = new Set(["critical", "error", "warning", "info"]);

export function pagerdutyProblem(b: Record<string, unknown>): string | null {
  if (typeof b.routing_key !== "string" || b.routing_key.length !== 32) return "routing_key must be a 32-character integration key";
  if (typeof b.event_action !== "string" || !PD_ACTIONS.has(b.event_action)) return "event_action must be trigger, acknowledge or resolve";
  if (b.event_action !== "trigger" && (typeof b.dedup_key !== "string" || !b.dedup_key))
    return "dedup_key is required to acknowledge or resolve";
  if (b.dedup_key !== undefined && (typeof b.dedup_key !== "string" || b.dedup_key.length > 255))
    return "dedup_key must be a string of at most 255 characters";
  if (b.event_action === "trigger") {
    const p = b.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== "object") return "payload is required to trigger";
    if (typeof p.summary !== "string" || !p.summary || p.summary.length > 1024) return "payload.summary must be 1 to 1024 characters";
    if (typeof p.source !== "string" || !p.source) return "payload.source is required";
    if (typeof p.severity !== "string" || !PD_SEVERITIES.has(p.severity))
      return "payload.severity must be critical, error, warning or info";
    if (p.timestamp !== undefined && Number.isNaN(Date.parse(String(p.timestamp)))) return "payload.timestamp must be ISO 8601";
  }
  return null;
}

export function slackProblem(b: Record<string, unknown>): string | null {
  if (typeof b.text !== "string" || !b.text.trim()) return "text is required (the fallback for notifications)";
  if (b.blocks !== undefined) {
    if (!Array.isArray(b.blocks) || b.blocks.length > 50) return "blocks must be an array of at most 50";
    for (const block of b.blocks as Record<string, unknown>[]) {
      if (!block || typeof block.type !== "string") return "every block needs a type";
      if (block.type === "header") {
        const t = block.text as { type?: string; text?: string } | undefined;
        if (t?.type !== "plain_text" || !t.text || t.text.length > 150) return "a header's text is plain_text of at most 150 characters";
      }
      if (block.type === "section" && !block.text && !block.fields) return "a section needs text or fields";
      if (Array.isArray(block.fields) && block.fields.length > 10) return "a section has at most 10 fields";
    }
  }
  return null;
}

export async function startNotificationReceiver(opts: { secret?: string } = {}): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const refused: { path: string; reason: string }[] = [];
  const state = { fault: null as NotificationReceiver["fault"], secret: opts.secret ?? null };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const raw = Buffer.concat(chunks).toString("utf8");
      if (state.fault) {
        res.writeHead(state.fault.status, { "content-type": "text/plain" }).end(state.fault.body ?? "refused for the test");
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw);
      } catch {
        refused.push({ path, reason: "not JSON" });
        res.writeHead(400).end("invalid_payload");
        return;
      }
      const refuse = (status: number, reason: string, answer: string) => {
        refused.push({ path, reason });
        res.writeHead(status, { "content-type": "application/json" }).end(answer);
      };
      if (path.startsWith("/slack")) {
        const problem = slackProblem(body);
        if (problem) return refuse(400, problem, "invalid_payload");
        received.push({ path, body, headers: req.headers });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      } else if (path.startsWith("/pagerduty")) {
        const problem = pagerdutyProblem(body);
        if (problem)
          return refuse(400, problem, JSON.stringify({ status: "invalid event", message: "Event object is invalid", errors: [problem] }));
        received.push({ path, body, headers: req.headers });
        res
          .writeHead(202, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: body.dedup_key ?? "generated" }));
      } else {
        if (state.secret) {
          const check = verifyStandard(
            [state.secret],
            {
              id: String(req.headers["webhook-id"] ?? ""),
              timestamp: String(req.headers["webhook-timestamp"] ?? ""),
              signature: String(req.headers["webhook-signature"] ?? ""),
            },
            raw,
          );
          if (!check.ok) return refuse(401, check.reason, JSON.stringify({ error: check.reason }));
        }
        received.push({ path, body, headers: req.headers });
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    refused,
    get fault() {
      return state.fault;
    },
    set fault(f) {
      state.fault = f;
    },
    get secret() {
      return state.secret;
    },
    set secret(s) {
      state.secret = s;
    },
    async waitFor(path, n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const of = () => received.filter((r) => r.path.startsWith(path));
      while (of().length < n) {
        if (Date.now() > deadline)
          throw new Error(`expected ${n} requests at ${path}, got ${of().length} (refused: ${JSON.stringify(refused)})`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return of();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
