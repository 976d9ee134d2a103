import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/api/paging";

// The request inspector: a destination's latest platform calls, newest first, as recorded by
// call-recorder.ts (already redacted). "Errors" are calls that got no answer or an HTTP error.

export const listPlatformCallsInput = z.strictObject({
  errorsOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(100),
  cursor: z.string().min(1).max(200).optional(),
});

export type PlatformCallView = {
  id: string;
  syncRunId: string | null;
  at: Date;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  requestExcerpt: string | null;
  responseExcerpt: string | null;
};

export async function listPlatformCalls(
  actor: Actor,
  destinationId: string,
  input: z.input<typeof listPlatformCallsInput> = {},
): Promise<{ calls: PlatformCallView[]; nextCursor: string | null }> {
  requireRole(actor, "viewer");
  const { errorsOnly, limit, cursor } = listPlatformCallsInput.parse(input);
  const exists = await db().destination.findUnique({ where: { id: destinationId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", "No such destination.");
  const before = cursor ? decodeCursor(cursor, 1)[0]! : null;
  if (before !== null && !/^\d{1,19}$/.test(before))
    throw new AppError("bad_request", "That cursor is not one we issued; start again without it.");
  const { rows } = await pool().query<{
    id: string;
    sync_run_id: string | null;
    at: string;
    method: string;
    path: string;
    status: number | null;
    duration_ms: number;
    error: string | null;
    request_excerpt: string | null;
    response_excerpt: string | null;
  }>(
    // TIMESTAMP(3) holding UTC: formatted as such, whatever the server's zone.
    `SELECT id::text, sync_run_id, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, method, path, status, duration_ms, error,
            request_excerpt, response_excerpt
       FROM platform_calls
      WHERE destination_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
        AND (NOT $3::boolean OR status IS NULL OR status >= 400 OR error IS NOT NULL)
      ORDER BY id DESC LIMIT $4`,
    [destinationId, before, errorsOnly, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    calls: page.map((r) => ({
      id: r.id,
      syncRunId: r.sync_run_id,
      at: new Date(r.at),
      method: r.method,
      path: r.path,
      status: r.status,
      durationMs: r.duration_ms,
      error: r.error,
      requestExcerpt: r.request_excerpt,
      responseExcerpt: r.response_excerpt,
    })),
    nextCursor: rows.length > limit && page.length ? encodeCursor([page.at(-1)!.id]) : null,
  };
}
