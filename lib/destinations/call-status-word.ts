// How the request inspector names a call's outcome: the HTTP status with a word a marketer can
// read ("429 Too many requests"), or why there was no answer at all.

const WORDS: Record<number, string> = {
  400: "Refused the request",
  401: "Refused the credentials",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  422: "Refused the request",
  429: "Too many requests",
};

export function callStatusWord(status: number | null): string {
  if (status === null) return "No answer";
  if (status >= 200 && status < 300) return `${status} OK`;
  if (status >= 300 && status < 400) return `${status} Redirect (not followed)`;
  if (WORDS[status]) return `${status} ${WORDS[status]}`;
  if (status >= 500) return `${status} Platform error`;
  return `${status} Refused`;
}

/** A call the "Errors only" filter keeps (the same rule as listPlatformCalls' SQL). */
export function isFailedCall(call: { status: number | null; error: string | null }): boolean {
  return call.status === null || call.status >= 400 || call.error !== null;
}
