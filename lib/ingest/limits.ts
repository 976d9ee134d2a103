// Size limits of the wire formats we accept, from their public specs
// (../shared/reference/destination-contracts.md §5). Enforced before parsing where possible.

/** Segment HTTP Tracking API: 32 KB per message, 500 KB per batch request (both 400 when exceeded). */
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;
/** Messages in one Segment batch call. */
export const SEGMENT_MAX_BATCH_MESSAGES = 10_000;

/** Customer.io Track API v1 (Track OpenAPI "limits"). */
export const CIO_LIMITS = {
  idBytes: 150,
  attributeNameBytes: 150,
  attributeValueBytes: 1000,
  attributesPerRequest: 300,
  eventNameBytes: 100,
  eventDataBytes: 100_000,
  /** Not a documented v1 figure: the largest legal identify (300 × 1 KB values) plus headroom. */
  requestBytes: 512 * 1024,
} as const;

/** Customer.io reporting webhooks: one event per request; "Body Content" can add a full email. */
export const CIO_WEBHOOK_MAX_BYTES = 8 * 1024 * 1024;
/** Signed timestamps older or newer than this are refused (replay protection). */
export const CIO_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** Nesting deeper than this is refused: Postgres' jsonb has a recursion limit, and nobody needs it. */
export const MAX_JSON_DEPTH = 32;

/** Longest event name / id we store; longer ones are refused rather than truncated. */
export const MAX_NAME_LENGTH = 200;
export const MAX_ID_LENGTH = 255;

/**
 * Longest raw email / phone we keep. Raw values of invalid identifiers are indexed (the
 * identity audit lists them), and a btree entry over ~2.7 KB fails the whole INSERT, so one
 * oversized value would fail every message of its batch. Far above any real address
 * (RFC 5321 caps a path at 256) or number with an extension.
 */
export const MAX_EMAIL_LENGTH = 320;
export const MAX_PHONE_LENGTH = 64;
