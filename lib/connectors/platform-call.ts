// What one platform call looked like, for the request inspector on the destination page. Built by
// callPlatform for every request when the caller passes an observer, already redacted: the
// observer stores it as-is, so nothing here may carry a credential or a raw email or phone.
// Hashed identifiers (64 hex characters) stay: they are what the platforms receive anyway.

export type PlatformCall = {
  at: Date;
  method: string;
  /** Path and query, with secret-looking query values replaced by [redacted]; no host. */
  path: string;
  /** Null when no answer came (timeout, refused, unreachable). */
  status: number | null;
  durationMs: number;
  /** Our short reason when the call did not get an answer. */
  error: string | null;
  requestExcerpt: string | null;
  responseExcerpt: string | null;
};

export type CallObserver = (call: PlatformCall) => void;

export const MAX_CALL_EXCERPT_CHARS = 2000;

const SECRET_PARAM = /token|secret|password|passwd|key|signature|sig|auth|credential|session|code/i;

/** Path + query of a URL, with secret-looking query values masked (Meta's access_token, OAuth codes). */
export function redactCallPath(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return "(invalid address)";
  }
  const params = [...u.searchParams.entries()].map(
    ([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAM.test(k) ? "[redacted]" : encodeURIComponent(v)}`,
  );
  return redactCallText(u.pathname + (params.length ? `?${params.join("&")}` : ""));
}

// Bounded repetitions throughout: these run over remote bodies (see lib/delivery/http-send.ts).
const SECRET_KEY = String.raw`[^"\\]{0,64}(?:password|passwd|secret|token|api[_-]?key|apikey|authorization|credential|private[_-]?key|session|signature)[^"\\]{0,64}`;
const CONTACT_KEY = String.raw`[^"\\]{0,32}(?:email|phone|mobile|first_?name|last_?name|address)[^"\\]{0,32}`;

/**
 * How far from the end of a scanned prefix a secret can survive because the prefix cut its match
 * short: a quoted value is at most 10,000 characters, each possibly escaped (2 characters), so a
 * value whose closing quote was cut off starts within 20,002 characters of the end; an email is
 * at most 343. Every other pattern still matches (and masks) a cut-off tail.
 */
const UNSAFE_TAIL_CHARS = 20_500;

/**
 * Enough of a body for `redactCallText` to make the excerpt it makes of the whole (unless
 * redaction shrinks 86,000 characters to under 22,500, when it would read on): a caller holding
 * the body as bytes decodes only this much of it.
 */
export const CALL_EXCERPT_SOURCE_CHARS = 4 * (MAX_CALL_EXCERPT_CHARS + 2 * UNSAFE_TAIL_CHARS);

/** Masks credentials and raw contact details in a request or response body, then cuts it to 2,000 characters. */
export function redactCallText(s: string): string {
  const cut = "… (truncated)";
  // Only the excerpt's 2,000 characters are kept, so only a prefix is scanned: a sync's batch of
  // 10,000 members is 1.5 MB, and the patterns over all of it cost 0.6 s of CPU per request (the
  // email pattern backtracks at every hex character), more than building and sending the batch.
  // The prefix grows until its possibly-unmasked tail lies past what is kept.
  for (let prefix = MAX_CALL_EXCERPT_CHARS + 2 * UNSAFE_TAIL_CHARS; prefix < s.length; prefix *= 2) {
    const out = redactAll(s.slice(0, prefix));
    if (out.length >= MAX_CALL_EXCERPT_CHARS + UNSAFE_TAIL_CHARS) return out.slice(0, MAX_CALL_EXCERPT_CHARS - cut.length) + cut;
  }
  const out = redactAll(s);
  return out.length > MAX_CALL_EXCERPT_CHARS ? out.slice(0, MAX_CALL_EXCERPT_CHARS - cut.length) + cut : out;
}

function redactAll(s: string): string {
  return (
    s
      .replace(new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*)"(?:[^"\\]|\\.){0,10000}"`, "gi"), '$1"[redacted]"')
      // A contact field's value is redacted unless it is a hash (64 hex) the platform expects.
      .replace(new RegExp(String.raw`("${CONTACT_KEY}"\s*:\s*)"(?![0-9a-f]{64}")(?:[^"\\]|\\.){0,10000}"`, "gi"), '$1"[redacted]"')
      .replace(/\b(Bearer|Basic)[ \t]{1,8}[A-Za-z0-9\-._~+/]{8,}=*/g, "$1 [redacted]")
      .replace(/\bwhsec_[A-Za-z0-9+/=_-]{1,200}/g, "whsec_[redacted]")
      .replace(/(?<![A-Za-z0-9_.-])((?:access_token|refresh_token|client_secret|code|password)=)[^&\s"]{1,4000}/gi, "$1[redacted]")
      // Emails and E.164 phones anywhere else (arrays of raw identifiers have no key to go by).
      // Starts only where a run of local-part characters starts: tried at every character, the
      // local part backtracked through each 64-hex hash (5.8 ms per 43 kB scanned, 0.3 ms so). A
      // local part longer than 64 is masked whole instead of leaving its first characters.
      .replace(/(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g, "[email]")
      .replace(/\+\d{7,15}\b/g, "[phone]")
  );
}
