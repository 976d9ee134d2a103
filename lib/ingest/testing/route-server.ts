import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";

// Serves App Router route modules (app/**/route.ts) from a plain node:http(s) server, so tests
// and the ingest benchmark can point the real client libraries at the real handlers without a
// Next build. Matching follows Next's precedence: static segments, then [param], then [...rest].
// The server passes the raw URL through untouched, as Next does.

type RouteModule = Record<string, unknown>;
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export type MountedRoute = { pattern: string; module: RouteModule };

type Compiled = { segments: string[]; module: RouteModule; score: number[] };

function compile(route: MountedRoute): Compiled {
  const segments = route.pattern.split("/").filter(Boolean);
  // Per segment: 0 static, 1 [param], 2 [...rest]. Lower sorts first.
  const score = segments.map((s) => (s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0));
  return { segments, module: route.module, score };
}

function match(route: Compiled, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.startsWith("[...")) {
      if (i >= parts.length) return null;
      params[seg.slice(4, -1)] = parts.slice(i).map(decodeURIComponent);
      return params;
    }
    if (i >= parts.length) return null;
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
    else if (seg !== parts[i]) return null;
  }
  return parts.length === route.segments.length ? params : null;
}

const byPrecedence = (a: Compiled, b: Compiled) => {
  for (let i = 0; i < Math.max(a.score.length, b.score.length); i++) {
    const d = (a.score[i] ?? -1) - (b.score[i] ?? -1);
    if (d) return d;
  }
  return 0;
};

export type RouteServer = { origin: string; port: number; close(): Promise<void> };

export async function startRouteServer(routes: MountedRoute[], tls?: { key: string; cert: string }): Promise<RouteServer> {
  const compiled = routes.map(compile).sort(byPrecedence);
  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const origin = `${tls ? "https" : "http"}://${req.headers.host}`;
      const url = new URL(req.url ?? "/", origin);
      const parts = url.pathname.split("/").filter(Boolean);
      let found: { handler: Handler; params: Record<string, string | string[]> } | null = null;
      for (const route of compiled) {
        let params: Record<string, string | string[]> | null;
        try {
          params = match(route, parts);
        } catch {
          // A malformed percent-escape (e.g. %ED%A0%80, an encoded lone surrogate): Next answers 400.
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "malformed URL" }));
          return;
        }
        if (!params) continue;
        const handler = route.module[req.method ?? "GET"];
        if (typeof handler === "function") found = { handler: handler as Handler, params };
        else {
          res.writeHead(405).end();
          return;
        }
        break;
      }
      if (!found) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no route" }));
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new NextRequest(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        ...(hasBody ? { duplex: "half" } : {}),
      } as ConstructorParameters<typeof NextRequest>[1]);
      const response = await found.handler(request, { params: Promise.resolve(found.params) });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (response.body) Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
      else res.end();
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    }
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
