import type { z } from "zod";
import { ConnectorError, retryAfterMs } from "@/lib/connectors/errors";
import { assertEgressUrl, isEgressRefused } from "@/lib/egress/egress-policy";
import { CALL_EXCERPT_SOURCE_CHARS, redactCallPath, redactCallText, type CallObserver } from "@/lib/connectors/platform-call";

// The one way connectors talk to a platform: fetch with a timeout, read the body once, parse JSON
// when there is any. Transport failures (DNS, reset, timeout) become retryable ConnectorErrors
// here; HTTP answers come back as-is so each platform can read its own error envelope first and
// fall back to `httpStatusError` for what it does not recognise.
//
// Every request is under the egress policy (lib/egress): the URL is checked here whatever fetch
// the caller passed, the production fetch (egressFetch) checks resolved addresses at connect
// time, and redirects are never followed. What reaches the user is a short reason naming the
// field to fix, never a remote body or a socket error (they reveal open ports and internals).

export const DEFAULT_TIMEOUT_MS = 30_000;

export type PlatformRequest = {
  method: "GET" | "POST" | "DELETE" | "PATCH";
  url: string | URL;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth token exchange). */
  form?: Record<string, string>;
  /** Sent byte for byte (the caller sets content-type): for bodies a signature covers. Bytes are UTF-8 text. */
  body?: string | Uint8Array<ArrayBuffer>;
  timeoutMs?: number;
  /** The form label of the setting this URL comes from ("Endpoint URL"), named in hints. */
  addressField?: string;
};

export type PlatformResponse = {
  status: number;
  ok: boolean;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  text: string;
};

type Transport = { fetch: typeof fetch; signal?: AbortSignal; observe?: CallObserver };

type Encoded = { body?: string | Uint8Array<ArrayBuffer>; contentType?: string };

/**
 * The request's body as sent, made once: the wire and the observer's excerpt both read it (an ad
 * platform's upload of 10,000 rows is about 1.4 MB of JSON; the excerpt used to stringify it again).
 */
function encode(req: PlatformRequest): Encoded {
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: "application/json" };
  if (req.form) return { body: new URLSearchParams(req.form).toString(), contentType: "application/x-www-form-urlencoded" };
  return { body: req.body };
}

export async function callPlatform(ctx: Transport, platform: string, req: PlatformRequest): Promise<PlatformResponse> {
  const encoded = encode(req);
  if (!ctx.observe) return send(ctx, platform, req, encoded);
  const at = new Date();
  const t0 = performance.now();
  let res: PlatformResponse | null = null;
  let error: unknown = null;
  try {
    res = await send(ctx, platform, req, encoded);
    return res;
  } catch (e) {
    error = e;
    throw e;
  } finally {
    observeCall(ctx.observe, req, encoded.body, at, performance.now() - t0, res, error);
  }
}

/** Reports the call to the observer; an observer that throws must never change the call's outcome. */
function observeCall(
  observe: CallObserver,
  req: PlatformRequest,
  body: Encoded["body"],
  at: Date,
  ms: number,
  res: PlatformResponse | null,
  error: unknown,
) {
  try {
    const sent =
      typeof body === "object"
        ? // At most 3 bytes a character in the prefix the excerpt is made from: not the whole 1.5 MB batch.
          Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 3 * CALL_EXCERPT_SOURCE_CHARS)).toString("utf8")
        : (body ?? "");
    const status =
      res?.status ?? (error instanceof ConnectorError && typeof error.details.status === "number" ? error.details.status : null);
    observe({
      at,
      method: req.method,
      path: redactCallPath(req.url),
      status,
      durationMs: Math.max(0, Math.round(ms)),
      error: error ? redactCallText(error instanceof Error ? error.message : String(error)).slice(0, 500) : null,
      requestExcerpt: sent ? redactCallText(sent) : null,
      responseExcerpt: res?.text ? redactCallText(res.text) : null,
    });
  } catch {
    // Recording is best-effort by design.
  }
}

async function send(ctx: Transport, platform: string, req: PlatformRequest, { body, contentType }: Encoded): Promise<PlatformResponse> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(ctx.signal ? [ctx.signal] : [])];
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  if (contentType) headers["content-type"] = contentType;
  const field = req.addressField ?? "API base URL";
  let res: Response;
  let text: string;
  try {
    assertEgressUrl(req.url);
    res = await ctx.fetch(req.url, { method: req.method, headers, body, signal: AbortSignal.any(signals), redirect: "manual" });
    text = await res.text();
  } catch (e) {
    // The caller cancelled (run stopped): not ours to classify, pass the reason on.
    if (ctx.signal?.aborted) throw ctx.signal.reason ?? e;
    throw transportError(platform, e, timeoutMs, field);
  }
  if (res.status >= 300 && res.status < 400) {
    // Following would re-send the body and credentials to wherever the server points.
    throw new ConnectorError("permanent", `${platform} answered with a redirect (HTTP ${res.status}), which Downstream does not follow.`, {
      status: res.status,
      hint: `Enter the final address in ${field}.`,
    });
  }
  let parsed: unknown;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, ok: res.ok, headers: res.headers, body: parsed, text };
}

function transportError(platform: string, e: unknown, timeoutMs: number, field: string): ConnectorError {
  const refused = isEgressRefused(e)
    ? e
    : isEgressRefused((e as { cause?: unknown })?.cause)
      ? ((e as { cause: unknown }).cause as Error)
      : null;
  if (refused) {
    return new ConnectorError("permanent", `${platform}: ${refused.message}`, {
      platformCode: "egress_refused",
      hint: `Use the platform's public address in ${field}, or ask an operator to allow this host (EGRESS_ALLOW).`,
    });
  }
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") {
    return new ConnectorError("retryable", `${platform} did not answer within ${Math.round(timeoutMs / 1000)} s`, {
      hint: "The platform is slow or unreachable; the sync retries with backoff.",
    });
  }
  // Deliberately no socket detail (ECONNREFUSED vs. reset vs. unknown host): it maps ports.
  return new ConnectorError("retryable", `Could not reach ${platform.replace(/^The /, "the ")}.`, {
    hint: `Check the ${field} in the destination settings and the network path to the platform.`,
  });
}

/**
 * Generic mapping by HTTP status, for answers a platform's own error parser did not recognise:
 * 429 and 5xx are retryable (honouring Retry-After), 401/403 auth, 404 permanent, other 4xx payload.
 */
export function httpStatusError(
  platform: string,
  res: PlatformResponse,
  message?: string,
  extra: { platformCode?: string | number; hint?: string } = {},
): ConnectorError {
  // The status only: a remote body is the remote's words (and, from an internal service, its secrets).
  const text = message ?? `${platform} answered HTTP ${res.status}.`;
  const details = { status: res.status, body: res.body ?? res.text.slice(0, 2000), ...extra };
  if (res.status === 429 || res.status >= 500) {
    return new ConnectorError("retryable", text, { ...details, retryAfterMs: retryAfterMs(res.headers.get("retry-after")) });
  }
  if (res.status === 401 || res.status === 403) return new ConnectorError("auth", text, details);
  if (res.status === 404) return new ConnectorError("permanent", text, details);
  return new ConnectorError("payload", text, details);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Joins a configured base URL ("https://graph.facebook.com/v24.0/") and a relative path. */
export function joinUrl(base: string, path: string, query?: Record<string, string | undefined>): URL {
  const url = new URL(`${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** Validates a success body; a platform answering in an unexpected shape is not something a retry fixes. */
export function parseBody<T>(platform: string, schema: z.ZodType<T>, res: PlatformResponse, what: string): T {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConnectorError(
    "permanent",
    `${platform} answered ${what} in an unexpected shape (${issue?.path.join(".") || "body"}: ${issue?.message})`,
    {
      status: res.status,
      body: res.body ?? res.text.slice(0, 2000),
    },
  );
}
