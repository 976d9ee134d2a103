// What a test send's receiver answered, in full, for the simulator's "send a test" panel: the
// attempt record keeps only a redacted excerpt and no headers. The sender keeps the answer of a
// test send (secrets masked) here, in the memory of the process that sent it, where the simulator
// runs deliverEndpoint itself and picks it up right after. Never for real sends; entries expire.

export type TestResponse = { status: number | null; headers: [string, string][]; body: string; complete: boolean };

const KEEP_MS = 60_000;
const MAX_ENTRIES = 200;
const responses = new Map<string, { at: number; response: TestResponse }>();

export function keepTestResponse(batchId: string, response: TestResponse) {
  const now = Date.now();
  for (const [id, r] of responses) if (now - r.at > KEEP_MS || responses.size >= MAX_ENTRIES) responses.delete(id);
  responses.set(batchId, { at: now, response });
}

/** The answer to a test send's batch (once: it is removed), or null when it was not sent from this process. */
export function takeTestResponse(batchId: string): TestResponse | null {
  const hit = responses.get(batchId);
  responses.delete(batchId);
  return hit && Date.now() - hit.at <= KEEP_MS ? hit.response : null;
}
