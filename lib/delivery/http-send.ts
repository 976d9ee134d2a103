import { STATUS_CODES } from "node:http";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { assertEgressUrl, isEgressRefused } from "@/lib/egress/egress-policy";

// One HTTP POST of one batch, classified into a SendOutcome for the ledger. The receiver is
// somebody else's server, so nothing it does may hurt us: its body is read up to 64 KB and the
// rest cancelled (a 50 MB or endless answer is never buffered), what we keep of it is cleaned of
// control characters and obvious secrets before it is stored and shown, and no answer, error or
// hang makes this function throw. Redirects are not followed (egressFetch): a 307 would resend
// the signed body and the Authorization header wherever the server points.
//
// Errors are sentences a marketer reads on the stream's page, so they name what happened, never a
// socket's own message (it reveals addresses and internals; its code is enough for support).

export type HttpSendRequest = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** The form label the URL comes from, named in errors about it ("Endpoint URL"). */
  addressField?: string;
  /** POST unless given (webhook actions choose theirs); a GET or HEAD is sent without a body. */
  method?: string;
  /** Hand back the response body as read (up to MAX_RESPONSE_READ_BYTES), e.g. to map a JSON answer onto a person. */
  readBody?: boolean;
};

/** The response body as read: `complete` is false when it was longer than the read cap (the rest was not read). */
export type HttpResponseBody = { text: string; complete: boolean; contentType: string | null; headers: [string, string][] };

export type HttpSendResult = { outcome: SendOutcome; durationMs: number; body?: HttpResponseBody };

/** How much of a response body is read at all; the rest is cancelled unread. */
export const MAX_RESPONSE_READ_BYTES = 64 * 1024;
/** How long an excerpt kept in the attempt record may be, suffix included. */
export const MAX_EXCERPT_CHARS = 2_000;

const THROTTLE_STATUSES = new Set([429, 502, 503, 504]);
const MIN_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 3_600_000;

export async function sendHttp(req: HttpSendRequest, opts: { fetch?: typeof fetch } = {}): Promise<HttpSendResult> {
  const started = performance.now();
  const read: { body?: HttpResponseBody } = {};
  const outcome = await send(req, opts.fetch ?? egressFetch, read);
  return {
    outcome,
    durationMs: Math.max(0, Math.round(performance.now() - started)),
    ...(req.readBody && read.body ? { body: read.body } : {}),
  };
}

async function send(req: HttpSendRequest, fetchFn: typeof fetch, read: { body?: HttpResponseBody }): Promise<SendOutcome> {
  const field = req.addressField ?? "Endpoint URL";
  const signal = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    // Checked here too, whatever fetch the caller passed; egressFetch also checks resolved addresses.
    assertEgressUrl(req.url);
    const method = req.method ?? "POST";
    const body = method === "GET" || method === "HEAD" ? undefined : req.body;
    res = await fetchFn(req.url, { method, headers: req.headers, body, signal, redirect: "manual" });
  } catch (e) {
    return transportOutcome(e, signal, req.timeoutMs, field);
  }
  // The status decides the outcome; a body that fails or stalls mid-read only shortens the excerpt.
  const excerpt = await readExcerpt(res, req.readBody ? read : undefined);
  const status = res.status;
  if (status >= 200 && status < 300) return { kind: "delivered", status, excerpt };
  if (status >= 300 && status < 400) {
    return {
      kind: "failed",
      status,
      excerpt,
      answered: true,
      error: `The endpoint redirected (${statusLine(status)}), and Downstream does not follow redirects; enter the final URL in ${field}.`,
    };
  }
  if (status === 410) {
    return { kind: "gone", status: 410, excerpt, error: "The endpoint answered 410 Gone: it asked Downstream to stop sending to it." };
  }
  if (THROTTLE_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    const wait = retryAfterMs === undefined ? "" : `; it asked to wait ${formatDuration(retryAfterMs)}`;
    return { kind: "throttled", status, retryAfterMs, excerpt, error: `The endpoint answered ${statusLine(status)}${wait}.` };
  }
  return { kind: "failed", status, excerpt, answered: true, error: `The endpoint answered ${statusLine(status)}.` };
}

function transportOutcome(e: unknown, signal: AbortSignal, timeoutMs: number, field: string): SendOutcome {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const refused = isEgressRefused(e) ? e : isEgressRefused(cause) ? cause : null;
  if (refused) {
    return {
      kind: "unreachable",
      error: `${refused.message} Change the ${field}, or ask an operator to allow this host (EGRESS_ALLOW).`,
    };
  }
  const name = (e as { name?: string } | null)?.name;
  if (signal.aborted || name === "TimeoutError" || name === "AbortError") {
    return { kind: "timeout", error: `No answer within ${formatDuration(timeoutMs)}.` };
  }
  if (e instanceof TypeError && /invalid url|failed to parse url/i.test(e.message)) {
    return { kind: "unreachable", error: `The ${field} is not a valid URL.` };
  }
  const code = errorCode(e);
  const tag = code ? ` (${code})` : "";
  if (code === "ECONNREFUSED") return { kind: "unreachable", error: `The endpoint refused the connection${tag}.` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return { kind: "unreachable", error: `The endpoint's host name could not be found${tag}.` };
  if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED") {
    return { kind: "unreachable", error: `The endpoint closed the connection before answering${tag}.` };
  }
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/.test(code)) {
    return { kind: "unreachable", error: `The endpoint's TLS certificate was not accepted${tag}.` };
  }
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT")
    return { kind: "unreachable", error: `Could not connect to the endpoint in time${tag}.` };
  return { kind: "unreachable", error: `Could not reach the endpoint${tag}.` };
}

/** The error code from a fetch failure or its cause chain, only when it looks like one (ECONNREFUSED, UND_ERR_SOCKET). */
function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  }
  return undefined;
}

/** "500 Internal Server Error": the standard reason phrase, not the server's own (it is the server's words). */
function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? `${status} ${phrase}` : `HTTP ${status}`;
}

/** Retry-After as seconds or an HTTP date, clamped to 1 s..1 h; absent or unreadable → undefined. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const v = header?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, Math.round(ms)));
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/** Reads at most MAX_RESPONSE_READ_BYTES and cancels the rest; never throws. With `keep`, also hands back what was read. */
async function readExcerpt(res: Response, keep?: { body?: HttpResponseBody }): Promise<string | undefined> {
  if (!res.body) {
    if (keep) keep.body = { text: "", complete: true, contentType: res.headers.get("content-type"), headers: [...res.headers] };
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let read = 0;
  let complete = false;
  const reader = res.body.getReader();
  try {
    while (read < MAX_RESPONSE_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      const room = MAX_RESPONSE_READ_BYTES - read;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      read += Math.min(value.byteLength, room);
    }
  } catch {
    // The body stalled past the timeout or the connection dropped mid-body: keep what arrived.
  }
  if (!complete) reader.cancel().catch(() => {});
  const bytes = Buffer.concat(chunks);
  if (keep)
    keep.body = {
      text: new TextDecoder("utf-8", { fatal: false }).decode(bytes),
      complete,
      contentType: res.headers.get("content-type"),
      headers: [...res.headers],
    };
  // The whole length when known: all of it was read, or Content-Length says so (not when compressed:
  // that length is of the compressed bytes, and we read decompressed ones).
  const declared = Number(res.headers.get("content-length"));
  const encoded = !!res.headers.get("content-encoding") && !/^identity$/i.test(res.headers.get("content-encoding") ?? "");
  const totalBytes = complete ? bytes.length : Number.isSafeInteger(declared) && declared > 0 && !encoded ? declared : undefined;
  return makeExcerpt(bytes, { complete, totalBytes });
}

/**
 * What is kept of a response body: at most MAX_EXCERPT_CHARS, secrets redacted, control
 * characters removed, marked when cut. A binary body is described, not shown.
 */
export function makeExcerpt(bytes: Uint8Array, info: { complete: boolean; totalBytes?: number }): string | undefined {
  if (bytes.length === 0) return info.complete ? undefined : "(response body not read)";
  const size = info.totalBytes ?? (info.complete ? bytes.length : undefined);
  if (looksBinary(bytes)) return size === undefined ? "(binary response)" : `(binary response, ${formatBytes(size)})`;
  const text = redactSecrets(cleanText(new TextDecoder("utf-8", { fatal: false }).decode(bytes)));
  const cut = !info.complete || text.length > MAX_EXCERPT_CHARS;
  if (!cut) return text;
  const suffix = size === undefined ? "… (truncated)" : `… (truncated, ${formatBytes(size)} total)`;
  return truncateChars(text, MAX_EXCERPT_CHARS - suffix.length) + suffix;
}

/** NUL bytes, or mostly bytes that are not text, in the first 1 KB. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  let odd = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32) || b === 127) odd++;
  }
  if (odd / head.length > 0.1) return true;
  const decoded = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const replaced = decoded.split("\uFFFD").length - 1;
  return replaced / Math.max(1, decoded.length) > 0.1;
}

/** Keeps newlines and tabs; drops other C0/C1 controls, DEL and bidi overrides (they disguise text on screen). */
function cleanText(s: string): string {
  return s.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
}

// Every repetition is bounded or anchored: these run over a receiver's bytes, and an unanchored
// `[\w.-]+=` over 64 KB of one letter backtracks quadratically (seconds of CPU per attempt).
const SECRET_KEY = String.raw`[^"\\]{0,64}(?:password|passwd|secret|token|api[_-]?key|apikey|authorization|credential|private[_-]?key|session)[^"\\]{0,64}`;

/** Redacts what is plainly a credential in a receiver's answer before it is stored or shown. */
export function redactSecrets(s: string): string {
  return (
    s
      // JSON string values under a secret-sounding key: "access_token": "…", "password":"…".
      .replace(new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*)"(?:[^"\\]|\\.)*"`, "gi"), '$1"[redacted]"')
      // Capitalised and 16+ characters, as in a header: "basic information" or "Bearer tokens" stay.
      .replace(/\b(Bearer|Basic)[ \t]{1,8}[A-Za-z0-9\-._~+/]{16,}=*/g, "$1 [redacted]")
      .replace(/\bwhsec_[A-Za-z0-9+/=_-]+/g, "whsec_[redacted]")
      // key=value / key: value where the value is a long hex or base64 token (query strings, form bodies, logs).
      .replace(
        /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,100}[ \t]{0,8}[=:][ \t]{0,8})([A-Za-z0-9+/_-]{32,}={0,2})(?![A-Za-z0-9+/=_-])/g,
        "$1[redacted]",
      )
  );
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
function truncateChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 1] ?? "") ? max - 1 : max;
  return s.slice(0, end);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
