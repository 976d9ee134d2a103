import type { AudienceStats } from "@/lib/connectors/contract";

// Platform figures, in the platform's own terms, for the run's stats and the sync's snapshots:
// Meta num_received / num_invalid_entries (per upload) and approximate count bounds; Google
// match_rate_range (per job) and list size; TikTok cover_num. Users compare these with the
// platform's UI, so we keep its vocabulary rather than inventing our own.

export type UploadStats = Record<string, number | string | null>;

/** Sums numeric per-batch figures across a run; text ones (a match range, a status) keep the latest. */
export function mergeUploadStats(acc: UploadStats, batch: Record<string, number | string | null> | undefined): UploadStats {
  if (!batch) return acc;
  for (const [k, v] of Object.entries(batch)) {
    // Per-call identifiers and gauges are not totals.
    if (k === "session_id" || k === "usage_percent" || k === "job") continue;
    if (typeof v === "number") acc[k] = (typeof acc[k] === "number" ? (acc[k] as number) : 0) + v;
    else if (v !== null && v !== undefined) acc[k] = v;
  }
  return acc;
}

export type PlatformFigures = {
  status: string | null;
  size: number | null;
  match_rate: number | null;
  approximate_count_lower_bound?: number | null;
  approximate_count_upper_bound?: number | null;
  cover_num?: number | null;
  match_rate_range?: string | null;
  num_received?: number;
  num_invalid_entries?: number;
  /** Google Data Manager API: the last request's status (requestStatus:retrieve), its id, and records it could not process. */
  request_status?: string;
  request_ids?: string;
  failed_records?: number;
  failed_reasons?: string;
};

/** One flat record from the audience's stats and the run's upload totals. */
export function platformFigures(stats: AudienceStats | null, uploads: UploadStats): PlatformFigures {
  const raw = (stats?.raw ?? {}) as Record<string, unknown>;
  const out: PlatformFigures = { status: stats?.status ?? null, size: stats?.size ?? null, match_rate: stats?.matchRate ?? null };
  if (stats?.sizeLowerBound !== undefined || stats?.sizeUpperBound !== undefined) {
    out.approximate_count_lower_bound = stats?.sizeLowerBound ?? null;
    out.approximate_count_upper_bound = stats?.sizeUpperBound ?? null;
  }
  if ("cover_num" in raw) out.cover_num = typeof raw.cover_num === "number" ? raw.cover_num : null;
  if (typeof uploads.match_rate_range === "string") out.match_rate_range = uploads.match_rate_range;
  if (typeof uploads.num_received === "number") out.num_received = uploads.num_received;
  if (typeof uploads.num_invalid_entries === "number") out.num_invalid_entries = uploads.num_invalid_entries;
  if (typeof uploads.request_status === "string") out.request_status = uploads.request_status;
  if (typeof uploads.request_ids === "string") out.request_ids = uploads.request_ids;
  if (typeof uploads.failed_records === "number") out.failed_records = uploads.failed_records;
  if (typeof uploads.failed_reasons === "string") out.failed_reasons = uploads.failed_reasons;
  return out;
}
