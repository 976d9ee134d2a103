import { NextResponse } from "next/server";
import { BodyEncodingError, BodyTooLarge, readBody } from "@/lib/http/read-body";
import { isLookupKey } from "@/lib/ingest/check-message";
import { SEGMENT_MAX_BATCH_BYTES, SEGMENT_MAX_MESSAGE_BYTES } from "@/lib/ingest/limits";
import type { Rejection } from "@/lib/ingest/message";
import { recordRejections } from "@/lib/ingest/rejections";
import { parseSegmentRequest, SegmentRequestError } from "@/lib/ingest/segment/parse-request";
import type { SegmentCall } from "@/lib/ingest/segment/schema";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { logger } from "@/lib/logger";
import { sourceByWriteKey } from "@/lib/sources/authenticate-source";
import { parseBasicAuth } from "@/lib/sources/credentials";
import { touchSource } from "@/lib/sources/source-activity";

// The Segment HTTP Tracking API wire format (destination-contracts.md §5.2). analytics-node
// treats 2xx as delivered, 400 as permanently failed (no retry), 5xx/429 as retry. So:
//   200 {"success":true,...}  stored (invalid messages are listed in `rejected`, not retried)
//   400                        malformed JSON, or over 32 KB per message / 500 KB per batch
//   401                        missing, unknown or revoked write key
//   500                        our failure: the client retries and messageId dedupe absorbs it
// CORS is open so browser libraries can post directly (they send text/plain to skip preflight).

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-allow-methods": "POST, OPTIONS",
};
const reply = (status: number, body: unknown) => NextResponse.json(body, { status, headers: CORS });

export const segmentPreflight = () => new NextResponse(null, { status: 204, headers: CORS });

/** What a refused message looked like to the sender: its position, id, field and reason. */
const publicRejection = (r: Rejection) => ({ index: r.index, messageId: r.messageId, field: r.field, error: r.error });

export async function handleSegment(req: Request, call: SegmentCall | "batch"): Promise<NextResponse> {
  const receivedAt = new Date();
  try {
    const header = req.headers.get("authorization");
    const basic = parseBasicAuth(header);
    if (header && !basic) return reply(401, { success: false, message: "Authorization must be Basic base64(writeKey + ':')." });
    // Credentials in the header are checked before the body is even read. A key that is not
    // storable text (a NUL, a lone surrogate) cannot exist, and must never reach a query.
    if (basic && !isLookupKey(basic.user))
      return reply(401, { success: false, message: "The write key in the Authorization header contains characters no write key has." });
    let source = basic ? await sourceByWriteKey(basic.user) : null;
    if (basic && !source) return reply(401, { success: false, message: "Unknown or revoked write key." });

    const limit = call === "batch" ? SEGMENT_MAX_BATCH_BYTES : SEGMENT_MAX_MESSAGE_BYTES;
    const raw = await readBody(req, limit);
    const parsed = parseSegmentRequest(raw.toString("utf8"), call, receivedAt);
    if (!source && parsed.writeKey !== undefined && !isLookupKey(parsed.writeKey))
      return reply(401, { success: false, message: "writeKey contains characters no write key has." });
    source ??= parsed.writeKey ? await sourceByWriteKey(parsed.writeKey) : null;
    if (!source)
      return reply(401, {
        success: false,
        message: "Send the write key as Basic auth (writeKey as the user name) or as `writeKey` in the body.",
      });

    const result = await writeMessages(parsed.messages, { sourceId: source.id, receivedAt });
    for (const f of result.failed) {
      const m = parsed.messages[f.position]!;
      parsed.rejections.push({
        index: parsed.indexes[f.position]!,
        messageId: m.event?.messageId ?? null,
        field: null,
        error: f.error,
        payload: m,
      });
    }
    parsed.rejections.sort((a, b) => a.index - b.index);
    await recordRejections(source.id, "segment", parsed.rejections);
    touchSource(source.id, receivedAt);
    return reply(200, {
      success: true,
      received: parsed.total,
      stored: result.stored,
      duplicates: result.duplicates,
      ...(result.suppressed ? { suppressed: result.suppressed } : {}),
      rejected: parsed.rejections.map(publicRejection),
    });
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      const what = call === "batch" ? "500 KB per batch" : "32 KB per message";
      // The rest of the body is still in flight: close the connection rather than let the client reuse it.
      const res = reply(400, { success: false, message: `Request body is over the limit of ${what}.` });
      res.headers.set("connection", "close");
      return res;
    }
    if (e instanceof SegmentRequestError || e instanceof BodyEncodingError) return reply(400, { success: false, message: e.message });
    logger.error({ err: e, call }, "Segment ingest request failed");
    return reply(500, { success: false, message: "Internal error; nothing was lost on your side, the client will retry." });
  }
}
