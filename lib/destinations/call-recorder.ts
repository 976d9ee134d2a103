import type { PlatformCall } from "@/lib/connectors/platform-call";
import { pool } from "@/lib/db";
import { logger } from "@/lib/logger";

// Collects a destination's platform calls in memory (the connector's observer only pushes to an
// array, so a run is never slowed by it) and writes them in one INSERT per flush. Best-effort:
// a failed write is logged and dropped, never the run's or the test's failure.

/** Written in one statement once this many are waiting, so a long run's calls do not pile up. */
const FLUSH_AT = 100;

export type CallRecorder = { observe: (call: PlatformCall) => void; flush: () => Promise<void> };

export function callRecorder(destinationId: string, syncRunId: string | null = null): CallRecorder {
  let buffer: PlatformCall[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (!buffer.length) return writing;
    const calls = buffer;
    buffer = [];
    writing = writing.then(() => insertCalls(destinationId, syncRunId, calls));
    return writing;
  };
  return {
    observe(call) {
      buffer.push(call);
      if (buffer.length >= FLUSH_AT) void flush();
    },
    flush,
  };
}

async function insertCalls(destinationId: string, syncRunId: string | null, calls: PlatformCall[]): Promise<void> {
  try {
    await pool().query(
      `INSERT INTO platform_calls (destination_id, sync_run_id, at, method, path, status, duration_ms, error, request_excerpt, response_excerpt)
       SELECT $1, $2, c.at, c.method, c.path, c.status, c.duration_ms, c.error, c.request_excerpt, c.response_excerpt
         FROM jsonb_to_recordset($3::jsonb) AS c(at timestamp, method text, path text, status int, duration_ms int, error text,
                                                 request_excerpt text, response_excerpt text)`,
      [
        destinationId,
        syncRunId,
        JSON.stringify(
          calls.map((c) => ({
            at: c.at.toISOString(),
            method: c.method,
            path: c.path,
            status: c.status,
            duration_ms: c.durationMs,
            error: c.error,
            request_excerpt: c.requestExcerpt,
            response_excerpt: c.responseExcerpt,
          })),
        ),
      ],
    );
  } catch (err) {
    logger.warn({ err, destinationId, syncRunId, calls: calls.length }, "could not record platform calls");
  }
}
