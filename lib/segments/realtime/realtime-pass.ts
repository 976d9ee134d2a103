import type pg from "pg";
import { pool } from "@/lib/db";
import { logger } from "@/lib/logger";
import { readChanges } from "@/lib/segments/realtime/read-changes";
import { planRealtime } from "@/lib/segments/realtime/realtime-plan";
import { refreshSegment, type RefreshResult } from "@/lib/segments/refresh/refresh-segment";
import { parseDefinition } from "@/lib/segments/validate";

// One near-real-time pass: read what the events table received since the cursor, re-evaluate
// the segments that read those events for the people they arrived for (and the segments that
// use those segments, for the same people), then move the cursor. Each refresh records its
// transitions and queues the syncs its segment feeds (refresh-segment.ts), so an audience
// follows within seconds of the pass.
//
// Crash safety: the cursor moves only after the pass, so a crash re-reads the same events
// and re-evaluates the same people (idempotent: a second evaluation changes nothing). One
// pass at a time across all workers (a session advisory lock, not a transaction: a long
// transaction would hold back the snapshot horizon the cursor itself and the stream fan-out
// read). A segment whose refresh fails is logged and left to the scheduled full refresh,
// which records the error on the segment; the cursor moves on so one broken definition does
// not hold back every other audience.

export const REALTIME_CURSOR = "events";
const LOCK_KEY = 0x5e6_0002;

export type RealtimePass = {
  events: number;
  refreshed: (RefreshResult & { people: number | "everyone" })[];
  failed: string[];
  ms: number;
};

export async function runRealtimePass(o: { now?: number; db?: pg.Pool } = {}): Promise<RealtimePass | null> {
  const db = o.db ?? pool();
  const client = await db.connect();
  const started = performance.now();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [LOCK_KEY]);
    if (!lock[0]!.ok) return null;
    try {
      // The first pass ever starts at the present: what came before is the full refresh's.
      await client.query(
        `INSERT INTO segment_realtime_cursors (name, position) VALUES ($1, pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
         ON CONFLICT (name) DO NOTHING`,
        [REALTIME_CURSOR],
      );
      const { rows } = await client.query<{ from: string; upto: string }>(
        `SELECT position::text AS from, pg_snapshot_xmin(pg_current_snapshot())::text AS upto FROM segment_realtime_cursors WHERE name = $1`,
        [REALTIME_CURSOR],
      );
      const range = rows[0]!;
      if (BigInt(range.upto) <= BigInt(range.from)) return null;
      const { events, changes } = await readChanges(client, range);
      const pass: RealtimePass = { events, refreshed: [], failed: [], ms: 0 };
      if (events > 0) {
        const { rows: stored } = await client.query<{ id: string; definition: unknown }>(
          `SELECT id, definition FROM segments WHERE archived_at IS NULL`,
        );
        const segments = stored.map((s) => {
          const parsed = parseDefinition(s.definition);
          return { id: s.id, definition: parsed.ok ? parsed.definition : null };
        });
        const now = o.now ?? Date.now();
        for (const step of planRealtime(segments, changes)) {
          const only = step.people === "everyone" ? undefined : [...step.people];
          try {
            const result = await refreshSegment(step.segmentId, { trigger: "realtime", now, only, db });
            pass.refreshed.push({ ...result, people: only?.length ?? "everyone" });
          } catch (e) {
            logger.warn({ err: e, segmentId: step.segmentId }, "near-real-time segment refresh failed; the scheduled refresh will retry");
            pass.failed.push(step.segmentId);
          }
        }
      }
      await client.query(`UPDATE segment_realtime_cursors SET position = $2, updated_at = now() WHERE name = $1`, [
        REALTIME_CURSOR,
        range.upto,
      ]);
      pass.ms = Math.round(performance.now() - started);
      return pass;
    } finally {
      await client.query(`SELECT pg_advisory_unlock($1)`, [LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
