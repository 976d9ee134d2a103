// The one shape every inbound protocol (Segment, Customer.io Track, Customer.io reporting
// webhooks, CSV) is mapped to before it is written. Identifiers are still raw here: the writer
// normalizes them with the workspace's default country, so every path normalizes the same way.

export type IngestEvent = {
  /** identify | track | page | screen | group | alias | engagement */
  type: string;
  name: string;
  properties: Record<string, unknown>;
  /** Dedupe key, already namespaced per protocol ("cio:<id>", ...); null = no dedupe. */
  messageId: string | null;
  occurredAt: Date;
};

export type IngestMessage = {
  externalId: string | null;
  anonymousId: string | null;
  /** Raw email/phone when the message carries one; undefined or empty = not provided (never erases). */
  email?: string | null;
  phone?: string | null;
  /** Attributes to merge into the person (identifiers excluded). */
  traits?: Record<string, unknown>;
  /** Customer.io `_update: true`: change the person only if they already exist. */
  updateOnly?: boolean;
  /** Segment alias: this id (an anonymous id or old id) becomes an alias of `externalId`. */
  previousId?: string | null;
  event?: IngestEvent;
};

/** A message we refused, with the precise reason; `index` is its position in the request. */
export type Rejection = { index: number; messageId: string | null; field: string | null; error: string; payload?: unknown };

export type WriteResult = {
  /** Events inserted (duplicates excluded). */
  stored: number;
  /** Events skipped because their message id was already stored. */
  duplicates: number;
  /** People created or changed. */
  people: number;
  /** Messages ignored because their person is suppressed (Customer.io suppress). */
  suppressed: number;
  /** Anonymous ids newly linked to a person, and earlier anonymous events attached by those links. */
  linked: number;
  backfilled: number;
  /**
   * Messages the database refused on their own (a value it cannot index or store that got past
   * the parse-time checks), by position in the written array; the rest of the batch is stored.
   */
  failed: { position: number; error: string }[];
};
