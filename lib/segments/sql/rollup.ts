import type { EventCondition, RecencyCondition, SequenceCondition } from "@/lib/segments/definition";
import { durationMs } from "@/lib/segments/definition";
import type { Params } from "@/lib/segments/sql/params";

// When a rule may read profile_event_last (latest occurrence per person and event) instead
// of scanning events, and the SQL that does it. Every shortcut here is exact, not an
// approximation; the randomized equivalence test runs each definition both ways.
//
// - "Did X (ever / in the last N)" with no property filters and no count: the latest X
//   falls in the window, or (rare: timestamps in the future) the events table says so.
// - Recency without filters is the latest occurrence itself.
// - "Did A ... and no B since": the latest qualifying A is the latest A when that falls
//   inside the bounds, else one index probe per person whose latest A is too recent
//   (e.g. checked out in the last 2 hours); "no B since" is "latest B is older than A".
// Windows between two fixed dates stay on events: most people's latest A is after the end.

type Bounds = { from?: number; to: number; toInclusive: boolean };
type OpenBounds = { from?: number; to?: number };

export const rollupEvent = (c: EventCondition) => {
  const f = c.frequency ?? { op: "at_least", times: 1 };
  const once = (f.op === "at_least" && f.times === 1) || ((f.op === "at_most" || f.op === "exactly") && f.times === 0);
  return once && !c.where?.length && c.window?.type !== "between";
};

export const rollupRecency = (c: RecencyCondition) => !c.where?.length;

export const rollupSequenceA = (c: SequenceCondition) => !c.did.where?.length && c.window?.type !== "between";
export const rollupSequenceB = (c: SequenceCondition) => !!c.noneSince && !c.noneSince.where?.length;

/** People with at least one `name` event within the bounds (one row each). */
export function didWithin(p: Params, name: string | string[], b: Bounds | null): string {
  if (Array.isArray(name)) return didAnyWithin(p, name, b);
  const n = p.add(name, "text");
  if (!b) return `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ${n}`;
  const from = b.from === undefined ? "" : ` AND l.last_at >= ${p.time(b.from)}`;
  const to = p.time(b.to);
  const cmp = b.toInclusive ? "<=" : "<";
  const beyond = b.toInclusive ? ">" : ">=";
  const efrom = b.from === undefined ? "" : ` AND e.occurred_at >= ${p.time(b.from)}`;
  return `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ${n}${from} AND l.last_at ${cmp} ${to}
    UNION ALL SELECT l.profile_id FROM profile_event_last l WHERE l.name = ${n} AND l.last_at ${beyond} ${to}
      AND EXISTS (SELECT 1 FROM events e WHERE e.profile_id = l.profile_id AND e.name = ${n}${efrom} AND e.occurred_at ${cmp} ${to})`;
}

/**
 * "Did any of these names within the bounds", one row per person: the same test as above for
 * each (person, name) row, in one range scan of all the names. Grouping the base table (not a
 * union) keeps the planner's estimate of how many people that is, which decides the joins.
 * A latest occurrence after the window's end is rare (future timestamps): only then does the
 * OR reach the events probe.
 */
function didAnyWithin(p: Params, names: string[], b: Bounds | null): string {
  const n = p.add(names, "text[]");
  if (!b) return `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ANY(${n}) GROUP BY l.profile_id`;
  const from = b.from === undefined ? "" : ` AND l.last_at >= ${p.time(b.from)}`;
  const to = p.time(b.to);
  const cmp = b.toInclusive ? "<=" : "<";
  const efrom = b.from === undefined ? "" : ` AND e.occurred_at >= ${p.time(b.from)}`;
  return `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ANY(${n})${from}
      AND (l.last_at ${cmp} ${to} OR EXISTS (SELECT 1 FROM events e WHERE e.profile_id = l.profile_id AND e.name = l.name${efrom} AND e.occurred_at ${cmp} ${to}))
    GROUP BY l.profile_id`;
}

/** Latest occurrence before/after a cutoff: "recent" = any at or after it, "stale" = latest before it. */
export function recencySets(p: Params, name: string, cutoff: number) {
  const n = p.add(name, "text");
  const t = p.time(cutoff);
  return {
    recent: `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ${n} AND l.last_at >= ${t}`,
    stale: `SELECT l.profile_id FROM profile_event_last l WHERE l.name = ${n} AND l.last_at < ${t}`,
  };
}

/** (profile_id, t): each person's latest A within the bounds. */
export function latestWithin(p: Params, name: string, b: OpenBounds): string {
  const n = p.add(name, "text");
  const from = b.from === undefined ? "" : ` AND l.last_at >= ${p.time(b.from)}`;
  if (b.to === undefined) return `SELECT l.profile_id, l.last_at AS t FROM profile_event_last l WHERE l.name = ${n}${from}`;
  const to = p.time(b.to);
  const head = `SELECT l.profile_id, l.last_at AS t FROM profile_event_last l WHERE l.name = ${n}${from} AND l.last_at <= ${to}`;
  // People whose latest A is too recent (say, in the last 2 hours) need their latest A
  // before the bound. With a window start that is one range scan of A in [from, to];
  // without one, one index probe per such person.
  if (b.from !== undefined) {
    return `${head}
    UNION ALL SELECT x.profile_id, x.t FROM (SELECT e.profile_id, max(e.occurred_at) AS t FROM events e
        WHERE e.name = ${n} AND e.occurred_at >= ${p.time(b.from)} AND e.occurred_at <= ${to} AND e.profile_id IS NOT NULL GROUP BY e.profile_id) x
      JOIN profile_event_last l ON l.profile_id = x.profile_id AND l.name = ${n} AND l.last_at > ${to}`;
  }
  return `${head}
    UNION ALL SELECT l.profile_id, x.t FROM profile_event_last l
      CROSS JOIN LATERAL (SELECT max(e.occurred_at) AS t FROM events e WHERE e.profile_id = l.profile_id AND e.name = ${n} AND e.occurred_at <= ${to}) x
      WHERE l.name = ${n} AND l.last_at > ${to} AND x.t IS NOT NULL`;
}

/** "No B at or after a.t", from the rollup. */
export const noneSinceRollup = (p: Params, name: string) =>
  `NOT EXISTS (SELECT 1 FROM profile_event_last lb WHERE lb.profile_id = a.profile_id AND lb.name = ${p.add(name, "text")} AND lb.last_at >= a.t)`;

/** The upper bound on A for a sequence: now (windows end now) and/or now minus the minimum age. */
export function sequenceBounds(c: SequenceCondition, now: number): OpenBounds {
  const from = c.window?.type === "last" ? now - durationMs({ amount: c.window.amount, unit: c.window.unit }) : undefined;
  const caps = [c.atLeastAgo ? now - durationMs(c.atLeastAgo) : null, c.window ? now : null].filter((x): x is number => x !== null);
  return { from, to: caps.length ? Math.min(...caps) : undefined };
}
