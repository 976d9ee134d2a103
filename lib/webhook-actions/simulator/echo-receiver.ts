import { z } from "zod";

// The built-in echo receiver: a real HTTP endpoint in the app (app/api/echo/[...path]) that
// answers every request with what it received — method, path, query, headers and body — so a
// test send can show a request exactly as it arrived, signature included, without the user's own
// endpoint. Test sends reach it through the same sender and egress policy as any request: the demo
// allows the app's own origin (scripts/lib/bootstrap.ts, like the platform sandbox); elsewhere
// the operator allows the echo's host, or it is public like the rest of the app.
// It keeps nothing. Cookies are not echoed (a browser opening the URL would otherwise see its own).

export const ECHO_PATH = "/api/echo";
const MAX_ECHO_BODY = 256 * 1024;

/** Where the echo receiver listens: ECHO_RECEIVER_URL, else the app's own origin (NEXTAUTH_URL). */
export function echoReceiverBase(): string {
  const configured = z.string().url().safeParse(process.env.ECHO_RECEIVER_URL);
  if (configured.success) return configured.data.replace(/\/+$/, "");
  const origin = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return `${new URL(origin).origin}${ECHO_PATH}`;
}

/** The URL a test send to the echo uses for an action. */
export const echoReceiverUrl = (actionId: string) => `${echoReceiverBase()}/actions/${encodeURIComponent(actionId)}`;

export type EchoedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: [string, string][];
  body: string;
  /** The body parsed, when it is JSON. */
  json?: unknown;
  truncated: boolean;
};

export async function echoResponse(req: Request): Promise<Response> {
  const url = new URL(req.url);
  let body = "";
  let truncated = false;
  if (req.body) {
    const reader = req.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_ECHO_BODY) {
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
    }
    body = Buffer.concat(chunks).toString("utf8");
  }
  const echoed: EchoedRequest = {
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: [...req.headers].filter(([name]) => name !== "cookie"),
    body,
    truncated,
  };
  if (!truncated && /^\s*[[{]/.test(body)) {
    try {
      echoed.json = JSON.parse(body);
    } catch {
      // Not JSON after all: the raw body is there.
    }
  }
  return new Response(JSON.stringify({ echo: "Downstream echo receiver: this is the request as it arrived.", request: echoed }, null, 2), {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
