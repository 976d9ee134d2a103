// Small Request/Response helpers shared by the emulators (Web-standard, so the same handler
// serves a Next route and the standalone node server in serve.ts).

export type EmulatorHandler = (req: Request) => Promise<Response>;

export type EmulatorOptions = {
  /** Path the emulator is mounted under, e.g. "/api/sandbox/meta". Default: the root. */
  basePath?: string;
};

export type Incoming = {
  method: string;
  /** Path segments after the base path, URL-decoded. */
  segments: string[];
  query: URLSearchParams;
  headers: Headers;
  url: URL;
};

export function incoming(req: Request, basePath = ""): Incoming | undefined {
  const url = new URL(req.url);
  const prefix = basePath.replace(/\/+$/, "");
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  const rest = url.pathname.slice(prefix.length);
  const segments = rest.split("/").filter(Boolean).map(decodeURIComponent);
  return { method: req.method.toUpperCase(), segments, query: url.searchParams, headers: req.headers, url };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export type Body =
  { kind: "json"; value: unknown } | { kind: "form"; value: URLSearchParams } | { kind: "none" } | { kind: "invalid"; text: string };

/** Reads the body once: JSON, form-encoded, or nothing. */
export async function readBody(req: Request): Promise<Body> {
  const text = await req.text();
  if (!text.trim()) return { kind: "none" };
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return { kind: "form", value: new URLSearchParams(text) };
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch {
    return { kind: "invalid", text };
  }
}

export const bearer = (headers: Headers): string | undefined => {
  const m = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "");
  return m?.[1]?.trim();
};

export const randomRequestId = (): string => crypto.randomUUID().replace(/-/g, "").slice(0, 22);
