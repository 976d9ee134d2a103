import type pg from "pg";
import { pool } from "@/lib/db";
import { advanceXidCursor } from "@/lib/delivery/xid-cursor";
import { eventOfPopulationSql, inPopulationSql } from "@/lib/people/population";
import { selectorSql } from "@/lib/streams/selector-sql";
import { actionTriggerSchema, type ActionTrigger } from "@/lib/webhook-actions/action-schemas";

// Segment transitions and events become webhook-action triggers (webhook_action_triggers) through
// two cursors that never skip a row (lib/delivery/xid-cursor.ts): every transition and event
// carries the id of the transaction that stored it (xid / ingest_xid), and a cursor moves over the
// finished ones in the same transaction as the trigger rows it writes. A trigger is unique
// per action and source fact, so a crash or a second worker never fires a fact twice.
//
// An entry trigger fires once per transition (one person entering), never on a refresh that keeps
// someone in the segment: a refresh writes transitions only for who entered or left. Test profiles
// never fire a live action (lib/people/population.ts). Paused actions still record their triggers:
// they are held (pending) and go out when the action is live again, like a paused endpoint's outbox.

export const TRANSITION_CURSOR = "webhook_actions_transitions";
export const EVENT_CURSOR = "webhook_actions_events";

type ActionRow = {
  id: string;
  trigger: unknown;
  delay_seconds: number;
  start_transition_xid: string | null;
  start_event_xid: string | null;
};

/** Returns how many trigger rows it wrote. Safe to run from any number of workers (each cursor row is locked). */
export async function feedActionTriggers(): Promise<number> {
  const written =
    (await feed(TRANSITION_CURSOR, "start_transition_xid", insertTransitionTriggers)) +
    (await feed(EVENT_CURSOR, "start_event_xid", insertEventTriggers));
  // A segment of many people entering at once writes all their triggers in one go, long before
  // autovacuum notices. With the table's statistics still saying "a handful of rows", Postgres
  // claimed each chunk by reading every pending trigger of the action and sorting them (measured:
  // 1.2 s per claim of 5,000 out of 95,000), instead of reading the first rows of the due-order index.
  if (written >= ANALYZE_AFTER_ROWS) await pool().query("ANALYZE webhook_action_triggers");
  return written;
}

/** A feed this big refreshes the planner's statistics for the triggers table right away. */
const ANALYZE_AFTER_ROWS = 10_000;

type Insert = (client: pg.PoolClient, action: ActionRow, trigger: ActionTrigger, from: string, upto: string) => Promise<number>;

async function feed(cursorName: string, startColumn: "start_transition_xid" | "start_event_xid", insert: Insert): Promise<number> {
  // A missing cursor starts at the oldest running action's start: nothing stored before any action existed is owed.
  const start = `(SELECT min(${startColumn}) FROM webhook_actions WHERE state IN ('live', 'paused'))`;
  return advanceXidCursor(cursorName, start, async (client, from, upto) => {
    const actions = await client.query<ActionRow>(
      `SELECT id, trigger, delay_seconds, start_transition_xid::text, start_event_xid::text FROM webhook_actions
        WHERE state IN ('live', 'paused') AND ${startColumn} IS NOT NULL ORDER BY id`,
    );
    let written = 0;
    for (const a of actions.rows) {
      const trigger = actionTriggerSchema.safeParse(a.trigger);
      if (!trigger.success) continue;
      written += await insert(client, a, trigger.data, from, upto);
    }
    return written;
  });
}

const insertTransitionTriggers: Insert = async (client, a, trigger, from, upto) => {
  if (trigger.kind === "event") return 0;
  const kind = trigger.kind === "segment_entered" ? "enter" : "exit";
  const { rowCount } = await client.query(
    `INSERT INTO webhook_action_triggers (action_id, profile_id, source, transition_id, segment_id, due_at)
     SELECT $1, t.profile_id, $6::text, t.id, t.segment_id, t.at + make_interval(secs => $7)
       FROM segment_transitions t JOIN profiles p ON p.id = t.profile_id
      WHERE t.xid >= GREATEST($2::bigint, $4::bigint) AND t.xid < $3::bigint
        AND t.segment_id = $5 AND t.kind::text = $6::text AND ${inPopulationSql("p")}
      ORDER BY t.id
     ON CONFLICT DO NOTHING`,
    [a.id, from, upto, a.start_transition_xid, trigger.segmentId, kind, a.delay_seconds],
  );
  return rowCount ?? 0;
};

const insertEventTriggers: Insert = async (client, a, trigger, from, upto) => {
  if (trigger.kind !== "event") return 0;
  const params: unknown[] = [a.id, from, upto, a.start_event_xid, a.delay_seconds];
  const matches = selectorSql({ metrics: [], channels: [], names: [trigger.eventName], patterns: [], filters: trigger.filters }, params);
  // An event fires for the person it belongs to; an anonymous event has nobody to act for yet.
  // Its delay counts from when it was received (a replayed backlog is not due in the past).
  const { rowCount } = await client.query(
    `INSERT INTO webhook_action_triggers (action_id, profile_id, source, event_id, due_at)
     SELECT $1, e.profile_id, 'event', e.id, e.received_at + make_interval(secs => $5)
       FROM events e
      WHERE e.ingest_xid >= GREATEST($2::bigint, $4::bigint) AND e.ingest_xid < $3::bigint
        AND e.profile_id IS NOT NULL AND ${eventOfPopulationSql("e")} AND ${matches}
      ORDER BY e.id
     ON CONFLICT DO NOTHING`,
    params,
  );
  return rowCount ?? 0;
};
