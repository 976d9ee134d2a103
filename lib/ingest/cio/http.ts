import { NextResponse } from "next/server";
import { CIO_LIMITS } from "@/lib/ingest/limits";
import { BodyEncodingError, BodyTooLarge, readBody } from "@/lib/http/read-body";
import { isLookupKey, messageProblem, type MessageField } from "@/lib/ingest/check-message";
import { recordRejections } from "@/lib/ingest/rejections";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { logger } from "@/lib/logger";
import { sourceBySiteCredentials, type ActiveSource } from "@/lib/sources/authenticate-source";
import { parseBasicAuth } from "@/lib/sources/credentials";
import { touchSource } from "@/lib/sources/source-activity";

// The Customer.io Track API v1 wire format (destination-contracts.md §5.1): Basic auth with
// site_id:api_key; 200 `{}` on success; 400 `{"meta":{"errors":[...]}}`; 401 on bad credentials.
// customerio-node rejects any body it cannot JSON.parse, so every answer here is JSON.

const reply = (status: number, body: unknown) => NextResponse.json(body, { status });
export const cioOk = () => reply(200, {});
export const cioErrors = (errors: string[], status = 400) => reply(status, { meta: { errors } });

export type CioCall = (ctx: { source: ActiveSource; body: unknown; receivedAt: Date }) => Promise<NextResponse>;

/** Authenticates, reads and parses the body, runs the call, and maps failures to the wire format. */
export async function handleCio(req: Request, call: CioCall): Promise<NextResponse> {
  try {
    const auth = parseBasicAuth(req.headers.get("authorization"));
    // Credentials that are not storable text cannot exist, and must never reach a query.
    const source =
      auth && isLookupKey(auth.user) && isLookupKey(auth.password) ? await sourceBySiteCredentials(auth.user, auth.password) : null;
    if (!source) return cioErrors(["Unauthorized request: send Basic auth with your site id and Track API key"], 401);
    let body: unknown = undefined;
    const raw = await readBody(req, CIO_LIMITS.requestBytes);
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch (e) {
        return cioErrors([`Request body is not valid JSON: ${(e as Error).message}`]);
      }
    }
    const response = await call({ source, body, receivedAt: new Date() });
    touchSource(source.id);
    return response;
  } catch (e) {
    if (e instanceof BodyTooLarge || e instanceof BodyEncodingError) return cioErrors([e.message]);
    logger.error({ err: e, path: new URL(req.url).pathname }, "Customer.io track request failed");
    // 500 is retried by customerio-node; the write is idempotent when the event has an id.
    return cioErrors(["Internal error; the request was not stored. Retry later."], 500);
  }
}

/** Where each checked field is in a Customer.io call, as the sender wrote it. */
const CIO_FIELDS: Record<MessageField, string> = {
  externalId: "customer id",
  anonymousId: "anonymous_id",
  previousId: "customer id",
  email: "email",
  phone: "phone",
  eventName: "name",
  messageId: "id",
};

/** Writes one parsed call, or answers 400 with its errors (and quarantines it). */
export async function writeOrReject(
  source: ActiveSource,
  parsed: { message: IngestMessage | null; errors: string[] },
  body: unknown,
  receivedAt: Date,
) {
  const problem = parsed.message ? messageProblem(parsed.message) : null;
  if (problem) parsed = { message: null, errors: [`${CIO_FIELDS[problem.field]} ${problem.error}`] };
  if (!parsed.message) {
    await recordRejections(source.id, "customerio", [
      { index: 0, messageId: null, field: null, error: parsed.errors.join("; "), payload: body },
    ]);
    return cioErrors(parsed.errors);
  }
  const result = await writeMessages([parsed.message], { sourceId: source.id, receivedAt });
  if (result.failed.length) {
    const errors = result.failed.map((f) => `the call ${f.error}`);
    await recordRejections(source.id, "customerio", [{ index: 0, messageId: null, field: null, error: errors.join("; "), payload: body }]);
    return cioErrors(errors);
  }
  if (result.suppressed)
    await recordRejections(source.id, "customerio", [
      { index: 0, messageId: null, field: "id", error: `person ${parsed.message.externalId} is suppressed; data ignored`, payload: body },
    ]);
  return cioOk();
}
