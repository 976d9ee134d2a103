import { NextResponse } from "next/server";
import { BodyEncodingError, BodyTooLarge, readBody } from "@/lib/http/read-body";
import { isLookupKey, messageProblem, type MessageField } from "@/lib/ingest/check-message";
import { findJsonProblem } from "@/lib/ingest/json-guard";
import { CIO_WEBHOOK_MAX_BYTES } from "@/lib/ingest/limits";
import { recordRejections } from "@/lib/ingest/rejections";
import { cioReportSchema, reportToMessage } from "@/lib/ingest/webhook/report-to-message";
import { verifyCioSignature } from "@/lib/ingest/webhook/verify-signature";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { logger } from "@/lib/logger";
import { sourceForWebhook } from "@/lib/sources/authenticate-source";
import { touchSource } from "@/lib/sources/source-activity";

// POST /api/webhooks/customerio/{sourceId}. Customer.io delivers in order and holds every later
// event back until a failed one succeeds (up to 7 days; destination-contracts.md §4.1). So:
// only authentication failures get a 4xx (they fix themselves once the key is right), and our
// own failures a 5xx (retried, deduped by event_id). A correctly signed event we cannot use
// (bad JSON, unknown shape) is answered 200 and quarantined with the reason, so it shows on the
// Sources page instead of blocking the whole stream for a week.

/** Where each checked field is in a reporting-webhook event. */
const WEBHOOK_FIELDS: Record<MessageField, string> = {
  externalId: "data.identifiers.id",
  anonymousId: "data.identifiers.id",
  previousId: "data.identifiers.id",
  email: "data.identifiers.email",
  phone: "data.phone",
  eventName: "metric",
  messageId: "event_id",
};

const reply = (status: number, body: unknown) => NextResponse.json(body, { status });

export async function handleCioWebhook(req: Request, sourceId: string): Promise<NextResponse> {
  try {
    // A source id that is not storable text cannot exist, and must never reach a query.
    const source = isLookupKey(sourceId, 255) ? await sourceForWebhook(sourceId) : null;
    if (!source) return reply(404, { error: "No active source with this id." });
    if (!source.signingKey) return reply(401, { error: "This source has no webhook signing key; set it in Settings → Sources." });
    const rawBody = await readBody(req, CIO_WEBHOOK_MAX_BYTES);
    const check = verifyCioSignature({
      signingKey: source.signingKey,
      timestamp: req.headers.get("x-cio-timestamp"),
      signature: req.headers.get("x-cio-signature"),
      rawBody,
    });
    if (!check.ok) return reply(401, { error: check.reason });

    const quarantine = async (field: string | null, error: string, payload: unknown) => {
      await recordRejections(source.id, "customerio_webhook", [{ index: 0, messageId: null, field, error, payload }]);
      return reply(200, { ok: false, quarantined: true, error });
    };
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch (e) {
      return quarantine(null, `Body is not valid JSON: ${(e as Error).message}`, rawBody.toString("utf8"));
    }
    const problem = findJsonProblem(body);
    if (problem) return quarantine(problem.path, `${problem.path} ${problem.error}`, body);
    const parsed = cioReportSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".");
      return quarantine(field, `${field || "body"}: ${issue.message.replace(/^Invalid input: /, "")}`, body);
    }
    const message = reportToMessage(parsed.data);
    const unusable = messageProblem(message);
    if (unusable) {
      const field = WEBHOOK_FIELDS[unusable.field];
      return quarantine(field, `${field} ${unusable.error}`, body);
    }
    const result = await writeMessages([message], { sourceId: source.id, receivedAt: new Date() });
    if (result.failed.length) return quarantine(null, `The event ${result.failed[0]!.error}`, body);
    touchSource(source.id);
    return reply(200, { ok: true, duplicate: result.duplicates > 0 });
  } catch (e) {
    if (e instanceof BodyTooLarge) return reply(413, { error: e.message });
    if (e instanceof BodyEncodingError) return reply(415, { error: e.message });
    logger.error({ err: e, sourceId }, "Customer.io webhook failed");
    return reply(500, { error: "Internal error; Customer.io will retry and the event is stored once." });
  }
}
