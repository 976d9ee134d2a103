import { pool } from "@/lib/db";
import { decodeCursor, pageOfRows, type PageQuery } from "@/lib/api/paging";

// The requests an endpoint's ledger made, newest first: when, what came back, how long it took.

export type AttemptView = {
  id: string;
  batchId: string;
  startedAt: Date;
  durationMs: number;
  outcome: string;
  status: number | null;
  error: string | null;
  responseExcerpt: string | null;
  size: number;
  probe: boolean;
};

const COLUMNS = `id::text, batch_id AS "batchId", started_at AS "startedAt", duration_ms AS "durationMs", outcome, status, error,
  response_excerpt AS "responseExcerpt", size, probe`;

export async function listAttempts(endpointId: string, page: PageQuery & { batchIds?: string[] }) {
  const before = page.cursor ? decodeCursor(page.cursor, 1)[0]! : null;
  if (before !== null && !/^\d+$/.test(before)) throw new Error("bad cursor");
  const { rows } = await pool().query<AttemptView>(
    `SELECT ${COLUMNS} FROM delivery_attempts
      WHERE endpoint_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) AND ($4::text[] IS NULL OR batch_id = ANY($4::text[]))
      ORDER BY id DESC LIMIT $3`,
    [endpointId, before, page.limit + 1, page.batchIds ?? null],
  );
  const { items, nextCursor } = pageOfRows(rows, page.limit, (r) => [r.id]);
  return { attempts: items, nextCursor };
}

/** What an endpoint's messages are, in words: the outcome column a person reads. */
export const ATTEMPT_OUTCOME_WORDS: Record<string, string> = {
  delivered: "Delivered",
  failed: "Refused",
  throttled: "Slowed down",
  timeout: "Timed out",
  unreachable: "Unreachable",
  gone: "Gone (410)",
};
