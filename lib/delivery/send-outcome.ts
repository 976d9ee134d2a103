// What one request to an endpoint came to, as the ledger needs to know it. Senders (an HTTP POST
// in lib/delivery/http-send.ts, a warehouse write in lib/streams) classify; the ledger
// (lib/delivery/record-outcome.ts) decides what happens next: done, retry, slow down, split, pause.

export type SendOutcome =
  /** The receiver took every message (2xx, or rows committed). */
  | { kind: "delivered"; status?: number; excerpt?: string }
  /**
   * The receiver asked us to slow down (429, 502, 503, 504, or a warehouse's "too many connections").
   * Not a failure: the batch is retried after `retryAfterMs` (Retry-After, when sent) without
   * spending one of its attempts.
   */
  | { kind: "throttled"; status?: number; retryAfterMs?: number; excerpt?: string; error: string }
  /**
   * The receiver answered and refused (any other non-2xx, or a warehouse error). `answered` means
   * we know it did not keep the batch, so the ledger may split the batch to find the person whose
   * message it refuses.
   */
  | { kind: "failed"; status?: number; excerpt?: string; error: string; answered: boolean }
  /** No answer in time: the receiver may or may not have kept it, so the same batch is resent whole. */
  | { kind: "timeout"; error: string }
  /** Could not connect (refused, DNS, TLS, egress policy). */
  | { kind: "unreachable"; error: string }
  /** 410 Gone: the receiver asked us to stop. The endpoint is paused with this reason. */
  | { kind: "gone"; status: 410; excerpt?: string; error: string };

export type SendOutcomeKind = SendOutcome["kind"];
