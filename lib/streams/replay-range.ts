import { inTransaction } from "@/lib/db";
import { eventOfPopulationSql } from "@/lib/people/population";
import { countMinute } from "@/lib/delivery/minute-counts";
import { AppError } from "@/lib/errors";
import { ORDERING_KEY_SQL } from "@/lib/streams/fanout";
import { selectorSql } from "@/lib/streams/selector-sql";
import { streamSelectorSchema } from "@/lib/streams/stream-schemas";

// A backfill: every stored event the stream's selector matches that happened in [from, to) goes
// into the stream's outbox again, in the order it was stored, e.g. to fill a new warehouse table
// from history. Receivers see the same event ids as before (evt_…), so they can deduplicate; a
// warehouse stream skips rows it already has. Events already waiting in the outbox are not added twice.

/** A backfill larger than this is refused: split it into several ranges. */
export const MAX_REPLAY_EVENTS = 5_000_000;

export async function replayRange(streamId: string, from: Date, to: Date): Promise<{ queued: number }> {
  if (!(from < to))
    throw new AppError("validation_failed", "The range must end after it starts.", {
      issues: [{ path: "to", message: "must be after from" }],
    });
  return inTransaction(async (client) => {
    const { rows } = await client.query<{ selector: unknown }>(`SELECT selector FROM event_streams WHERE id = $1 FOR UPDATE`, [streamId]);
    if (!rows[0]) throw new AppError("not_found", "No such event stream.");
    const selector = streamSelectorSchema.parse(rows[0].selector);
    const params: unknown[] = [streamId, from, to, MAX_REPLAY_EVENTS + 1];
    const where = `e.occurred_at >= $2 AND e.occurred_at < $3
        AND ${eventOfPopulationSql("e")}
        AND e.id NOT IN (SELECT event_id FROM deliveries WHERE endpoint_id = $1 AND state = 'queued' AND event_id IS NOT NULL)
        AND ${selectorSql(selector, params)}`;
    const count = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e WHERE ${where} LIMIT $4) x`,
      params,
    );
    if ((count.rows[0]?.n ?? 0) > MAX_REPLAY_EVENTS)
      throw new AppError(
        "validation_failed",
        `That range holds more than ${MAX_REPLAY_EVENTS.toLocaleString("en-US")} events; replay it in smaller ranges.`,
        {
          issues: [{ path: "from", message: "range too large" }],
        },
      );
    const { rowCount } = await client.query(
      `INSERT INTO deliveries (endpoint_id, ordering_key, event_id, enqueued_at)
       SELECT $1, ${ORDERING_KEY_SQL}, e.id, now()
         FROM events e WHERE ${where} AND $4::int > 0 ORDER BY e.id`,
      params,
    );
    await countMinute(client, streamId, "enqueued", rowCount ?? 0);
    return { queued: rowCount ?? 0 };
  });
}
