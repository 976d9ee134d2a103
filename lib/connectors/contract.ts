import type { ZodType } from "zod";
import type { CallObserver } from "@/lib/connectors/platform-call";

// The contract between the sync engine and each destination connector (Grouparoo's audience
// template; Segment action-destinations' per-item results). Connectors are pure I/O with their
// platform: they receive normalized, hashed batches and return one result per item. The engine
// owns diffing, batching, retries, concurrency and bookkeeping. Connectors never touch Prisma.

export type DestinationKind = "meta" | "google_ads" | "tiktok" | "webhook" | "warehouse";
export type IdentifierKind = "email" | "phone" | "external_id";

/** One person as the engine hands them to a connector. Values are already normalized at ingest. */
export type AudienceItem = {
  /** Stable key the engine maps results back with (the profile id as a string). */
  key: string;
  /**
   * `prehashed` (or an empty / 64-hex `normalized`) means the source only gave us a hash: the
   * connector passes `sha256` through untouched, since it cannot re-normalize what it cannot see.
   */
  email?: { normalized: string; sha256: string; prehashed?: boolean } | null;
  /** E.164 with "+"; sha256 is of the E.164 string. Platforms that hash digits only re-derive. */
  phone?: { e164: string; sha256: string; prehashed?: boolean } | null;
  externalId?: string | null;
  /** Extra context for webhook/warehouse destinations (never sent to ad platforms). */
  traits?: Record<string, unknown>;
};

export type ItemResult = { key: string; status: "ok" | "invalid" | "failed"; code?: string; message?: string };

/**
 * Item code for members a platform kept because removing them would take the audience below its
 * minimum size (Meta today). Part of the contract, so the engine counts them without knowing which
 * platform said it.
 */
export const REMOVAL_REFUSED = "removal_refused_minimum_size";

export type BatchResult = {
  items: ItemResult[];
  /** Redacted summaries recorded on the run (no tokens, no raw identifiers beyond hashes). */
  request?: unknown;
  response?: unknown;
  /** Platform-reported figures (Meta num_received/num_invalid_entries, …). */
  stats?: Record<string, number | string | null>;
};

export type AudienceRef = { id: string; name: string; created: boolean };

export type AudienceStats = {
  size?: number | null;
  sizeLowerBound?: number | null;
  sizeUpperBound?: number | null;
  matchRate?: number | null;
  /** Platform's own words: "processing", "ready", match_rate_range "20-30%", … */
  status?: string | null;
  raw?: unknown;
};

export type ConnectionTest =
  { ok: true; detail: string } | { ok: false; kind: "auth" | "permission" | "terms" | "network" | "config"; message: string; hint: string };

/**
 * Where one add/remove call sits in a sync run. Optional: platforms with upload sessions (Meta)
 * use it to chain a run's batches into one session; without it every call is its own session.
 * `seq` counts calls of the same operation (adds, or removes) for one audience in the run, from 1,
 * and `last` marks the final one. Retrying a call reuses its seq.
 */
export type BatchPosition = { runId: string; seq: number; last: boolean; estimatedTotal?: number };

export type ConnectorContext<S, C> = {
  settings: S;
  credentials: C;
  fetch: typeof fetch;
  signal?: AbortSignal;
  batch?: BatchPosition;
  /** Told about every platform call (already redacted), for the destination's request inspector. */
  observe?: CallObserver;
};

export interface Connector<S = unknown, C = unknown> {
  kind: DestinationKind;
  label: string;
  /** Non-secret settings shown in the form (account ids, base URL, batch size). */
  settingsSchema: ZodType<S>;
  /** Secrets: encrypted at rest, never sent to the browser. */
  credentialsSchema: ZodType<C>;
  /**
   * Settings that say where the credentials are sent (base URLs, token endpoints). Credentials are
   * bound to them: changing one requires entering the credentials again, so an editor cannot
   * aim saved secrets at a server of their choosing.
   */
  addressSettings: readonly string[];
  /** Largest batch the platform accepts in one call. */
  maxBatchSize: number;
  supportedIdentifiers: IdentifierKind[];
  /** Documented processing delay before an audience change is visible on the platform. */
  visibilityDelayHours?: number;
  /** Smallest matched audience the platform will serve or shrink to. */
  minimumAudienceSize?: number;
  testConnection(ctx: ConnectorContext<S, C>): Promise<ConnectionTest>;
  /** Create or find the remote audience by name. Must be idempotent: twice never makes two. */
  ensureAudience(
    ctx: ConnectorContext<S, C>,
    audience: { name: string; existingId?: string | null; description?: string },
  ): Promise<AudienceRef>;
  addMembers(ctx: ConnectorContext<S, C>, audienceId: string, items: AudienceItem[]): Promise<BatchResult>;
  removeMembers(ctx: ConnectorContext<S, C>, audienceId: string, items: AudienceItem[]): Promise<BatchResult>;
  getAudienceStats?(ctx: ConnectorContext<S, C>, audienceId: string): Promise<AudienceStats>;
  /**
   * Which of `keys` the audience holds now, read from the destination itself (the warehouse's
   * table). Only destinations that can be read back implement it: validation runs use it to prove
   * that test profiles arrived and left, instead of trusting the upload's answer.
   */
  readMembers?(ctx: ConnectorContext<S, C>, audienceId: string, keys: string[]): Promise<Set<string>>;
  /**
   * Asks the platform to check an upload of `items` without applying it (Google Data Manager's
   * validateOnly), for dry runs. Platforms without such a mode leave it out.
   */
  validateMembers?(ctx: ConnectorContext<S, C>, audienceId: string, items: AudienceItem[]): Promise<MemberValidation>;
  /**
   * Where requests a platform processes after answering stand now (Google Data Manager's
   * requestStatus:retrieve), by the ids an add/remove call recorded in its stats (`request_ids`).
   * Null when this destination's settings use an API without such requests.
   */
  requestStatus?(ctx: ConnectorContext<S, C>, requestIds: string[]): Promise<RequestStatusReport | null>;
}

/** A platform's verdict on earlier requests, in its words (Data Manager RequestStatus, ProcessingErrorReason). */
export type RequestStatusReport = {
  status: "PROCESSING" | "SUCCESS" | "PARTIAL_SUCCESS" | "FAILED";
  failedRecords: number;
  failedReasons: Record<string, number>;
  matchRateRange?: string;
};

/** What the platform said about a validate-only upload, in its words. */
export type MemberValidation = { ok: true; detail: string } | { ok: false; message: string; hint?: string };
