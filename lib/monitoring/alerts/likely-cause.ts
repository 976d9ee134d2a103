import { distance } from "fastest-levenshtein";
import { pool } from "@/lib/db";
import { REMOVAL_REFUSED } from "@/lib/connectors/contract";
import { n, plural, type Finding } from "@/lib/monitoring/alerts/finding";

// The likely cause of an alert, found by looking at what changed around it (issue 12 item 3):
// the destination refusing our credentials, the platform refusing removals below its minimum,
// the segment's definition changing, an event the segment reads no longer arriving (and a new,
// similar name appearing: the event was renamed), the data refused at ingest, a stream's last
// error. Looked up when an alert opens or changes severity and stored on it, so the Alerts
// page and the notification say the same thing from the same record.

/** How far back "around it" reaches when there is no earlier good run to bound it. */
const LOOKBACK_HOURS = 24;
/** Hours compared for "stopped arriving" when the rule does not say. */
const EVENT_HOURS = 3;

export function at(d: Date): string {
  const iso = d.toISOString();
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return `${iso.slice(11, 16)} UTC on ${day}`;
}

export async function likelyCause(f: Finding): Promise<string | null> {
  const c = f.context;
  if (c.type === "event") return eventCause(c.event, c.hours);
  if (c.type === "ingest") return ingestCause(c.minutes);
  if (c.type === "endpoint") return endpointCause(c.endpointId, c.reason);
  const kind = f.rule.kind;
  const checks: (() => Promise<string | null>)[] =
    kind === "run_failed" || kind === "auth_lost"
      ? [() => authCause(c.syncId, c.runId), () => destinationChange(c.syncId), () => topItemError(c.runId)]
      : kind === "removals_refused"
        ? [() => refusalCause(c.runId)]
        : kind === "rejected_rows"
          ? [() => topItemError(c.runId), () => segmentChange(c.segmentId, c.syncId)]
          : [() => segmentChange(c.segmentId, c.syncId), () => segmentEventStopped(c.segmentId), () => refusalCause(c.runId)];
  for (const check of checks) {
    const found = await check();
    if (found) return found;
  }
  return null;
}

/** Since when to look: the last run before the latest one that went well, else a day back. */
async function windowStart(syncId: string): Promise<Date> {
  const { rows } = await pool().query<{ at: Date | null }>(
    // Newest first through (sync_id, created_at): one row, not every earlier run.
    `SELECT finished_at AT TIME ZONE 'UTC' AS at FROM sync_runs
      WHERE sync_id = $1 AND NOT dry_run AND status = 'succeeded'
        AND created_at < (SELECT max(created_at) FROM sync_runs WHERE sync_id = $1 AND NOT dry_run AND status NOT IN ('queued', 'running'))
      ORDER BY created_at DESC LIMIT 1`,
    [syncId],
  );
  const floor = new Date(Date.now() - LOOKBACK_HOURS * 3_600_000);
  const good = rows[0]?.at;
  return good && good > floor ? good : floor;
}

async function authCause(syncId: string, runId: string | null): Promise<string | null> {
  const { rows } = await pool().query<{
    paused_reason: string | null;
    dest: string;
    error: string | null;
    finished: Date | null;
    first_failed: Date | null;
  }>(
    `SELECT s.paused_reason, d.name AS dest,
            (SELECT error FROM sync_runs WHERE id = $2) AS error,
            (SELECT finished_at AT TIME ZONE 'UTC' FROM sync_runs WHERE id = $2) AS finished,
            (SELECT min(r.finished_at) AT TIME ZONE 'UTC' FROM sync_runs r WHERE r.sync_id = s.id AND NOT r.dry_run AND r.status = 'failed'
               AND r.created_at > coalesce((SELECT max(created_at) FROM sync_runs WHERE sync_id = s.id AND NOT dry_run AND status IN ('succeeded', 'partial')), '-infinity')) AS first_failed
       FROM syncs s JOIN destinations d ON d.id = s.destination_id WHERE s.id = $1`,
    [syncId, runId],
  );
  const r = rows[0];
  if (!r) return null;
  const since = r.first_failed ?? r.finished;
  const reason = r.paused_reason && !r.paused_reason.startsWith("Paused by ") ? r.paused_reason : r.error;
  if (!reason || !/\b(401|403)\b|auth|token|credential|permission|terms|unauthori[sz]ed|forbidden|expired|revoked/i.test(reason))
    return null;
  return `${r.dest} stopped accepting Downstream's credentials${since ? ` at ${at(since)}` : ""}: ${reason}`;
}

async function destinationChange(syncId: string): Promise<string | null> {
  const from = await windowStart(syncId);
  const { rows } = await pool().query<{ action: string; actor_label: string; at: Date; name: string }>(
    `SELECT a.action, a.actor_label, a.created_at AT TIME ZONE 'UTC' AS at, d.name
       FROM syncs s JOIN destinations d ON d.id = s.destination_id
       JOIN audit_logs a ON a.entity_type = 'destination' AND a.entity_id = d.id
      WHERE s.id = $1 AND a.created_at > $2::timestamptz AT TIME ZONE 'UTC' AND a.action <> 'destination.created'
      ORDER BY a.id DESC LIMIT 1`,
    [syncId, from],
  );
  const r = rows[0];
  return r
    ? `The destination “${r.name}” was changed at ${at(r.at)} by ${r.actor_label} (${r.action.replace(/^destination\./, "").replace(/_/g, " ")}).`
    : null;
}

async function topItemError(runId: string | null): Promise<string | null> {
  if (!runId) return null;
  const { rows } = await pool().query<{ message: string; count: number; total: number }>(
    `SELECT message, count(*)::int AS count, sum(count(*)) OVER ()::int AS total
       FROM sync_run_item_errors WHERE run_id = $1 AND code <> $2 GROUP BY message ORDER BY count(*) DESC LIMIT 1`,
    [runId, REMOVAL_REFUSED],
  );
  const r = rows[0];
  if (!r) return null;
  return `Most were refused with “${r.message.replace(/^[\d,]+ (people|person) not sent: /, "")}” (${n(r.count)} of ${n(r.total)}).`;
}

async function refusalCause(runId: string | null): Promise<string | null> {
  if (!runId) return null;
  const { rows } = await pool().query<{ count: number; message: string | null; at: Date | null; kind: string; min: number | null }>(
    `SELECT count(*)::int AS count, max(e.message) AS message, min(e.created_at) AT TIME ZONE 'UTC' AS at, max(d.kind::text) AS kind, null::int AS min
       FROM sync_run_item_errors e JOIN sync_runs r ON r.id = e.run_id JOIN syncs s ON s.id = r.sync_id JOIN destinations d ON d.id = s.destination_id
      WHERE e.run_id = $1 AND e.code = $2`,
    [runId, REMOVAL_REFUSED],
  );
  const r = rows[0];
  if (!r || r.count === 0) return null;
  const minimum = /(?:minimum|below|at least)[^\d]{0,20}([\d,]+)/i.exec(r.message ?? "")?.[1];
  return `The platform refused ${plural(r.count, "removal", "removals")}${r.at ? ` at ${at(r.at)}` : ""}${minimum ? ` below its minimum of ${minimum}` : " to keep the audience above its minimum size"}: “${r.message}”.`;
}

async function segmentChange(segmentId: string, syncId: string): Promise<string | null> {
  const from = await windowStart(syncId);
  const { rows } = await pool().query<{ name: string; version: number; at: Date; actor: string | null }>(
    `SELECT g.name, v.version, v.created_at AT TIME ZONE 'UTC' AS at,
            (SELECT a.actor_label FROM audit_logs a WHERE a.entity_type = 'segment' AND a.entity_id = g.id AND a.action = 'segment.updated'
                AND a.created_at BETWEEN v.created_at - interval '1 minute' AND v.created_at + interval '1 minute' ORDER BY a.id DESC LIMIT 1) AS actor
       FROM segment_versions v JOIN segments g ON g.id = v.segment_id
      WHERE v.segment_id = $1 AND v.version > 1 AND v.created_at > $2::timestamptz AT TIME ZONE 'UTC'
      ORDER BY v.version DESC LIMIT 1`,
    [segmentId, from],
  );
  const r = rows[0];
  return r ? `The segment “${r.name}”'s definition changed at ${at(r.at)}${r.actor ? ` by ${r.actor}` : ""} (version ${r.version}).` : null;
}

/** Event names a segment definition reads (any `event` key holding a name, at any depth). */
export function eventNamesOf(definition: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (k === "event" && typeof x === "string") out.add(x);
        else walk(x);
      }
  };
  walk(definition);
  return [...out];
}

async function segmentEventStopped(segmentId: string): Promise<string | null> {
  const { rows } = await pool().query<{ definition: unknown }>("SELECT definition FROM segments WHERE id = $1", [segmentId]);
  for (const event of eventNamesOf(rows[0]?.definition).slice(0, 10)) {
    const found = await eventCause(event, EVENT_HOURS, { onlyIfStopped: true });
    if (found) return found;
  }
  return null;
}

async function eventCause(event: string, hours: number, opts: { onlyIfStopped?: boolean } = {}): Promise<string | null> {
  const { rows } = await pool().query<{ now: number; week_ago: number; last: Date | null }>(
    `SELECT count(*) FILTER (WHERE occurred_at > now() AT TIME ZONE 'UTC' - make_interval(hours => $2))::int AS now,
            count(*) FILTER (WHERE occurred_at <= now() AT TIME ZONE 'UTC' - interval '7 days'
                               AND occurred_at > now() AT TIME ZONE 'UTC' - interval '7 days' - make_interval(hours => $2))::int AS week_ago,
            (SELECT max(occurred_at) AT TIME ZONE 'UTC' FROM events WHERE name = $1) AS last
       FROM events WHERE name = $1 AND occurred_at > now() AT TIME ZONE 'UTC' - interval '7 days' - make_interval(hours => $2)`,
    [event, hours],
  );
  const r = rows[0];
  if (!r) return null;
  const stopped = r.now === 0 && r.week_ago > 0;
  if (opts.onlyIfStopped && !stopped) return null;
  const parts: string[] = [];
  if (stopped) parts.push(`The “${event}” event stopped arriving${r.last ? ` at ${at(r.last)}` : ""}`);
  else if (r.week_ago > r.now) parts.push(`The “${event}” event fell to ${n(r.now)} from ${n(r.week_ago)} in the same hours last week`);
  else return null;
  const renamed = await newSimilarEvent(event, hours);
  if (renamed) parts.push(`a new event “${renamed.name}” began arriving at ${at(renamed.first)}: it may have been renamed`);
  const refused = await refusedMentioning(event, hours);
  if (refused) parts.push(refused);
  return `${parts.join("; ")}.`;
}

/** A name first seen in the last hours, close to the missing one ("checkout_started" → "checkoutStarted"). */
async function newSimilarEvent(event: string, hours: number): Promise<{ name: string; first: Date } | null> {
  const { rows } = await pool().query<{ name: string; first: Date }>(
    `SELECT name, min(occurred_at) AT TIME ZONE 'UTC' AS first FROM events
      WHERE occurred_at > now() AT TIME ZONE 'UTC' - make_interval(hours => $1) AND name <> $2
      GROUP BY name
     HAVING NOT EXISTS (SELECT 1 FROM events o WHERE o.name = events.name
                          AND o.occurred_at <= now() AT TIME ZONE 'UTC' - make_interval(hours => $1)
                          AND o.occurred_at > now() AT TIME ZONE 'UTC' - interval '8 days')
      LIMIT 200`,
    [hours, event],
  );
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const target = norm(event);
  const close = rows
    .map((r) => ({ ...r, d: norm(r.name) === target ? 0 : distance(norm(r.name), target) }))
    .filter((r) => r.d <= Math.max(2, Math.floor(target.length / 5)))
    .sort((a, b) => a.d - b.d);
  return close[0] ?? null;
}

async function refusedMentioning(event: string, hours: number): Promise<string | null> {
  const { rows } = await pool().query<{ count: number; error: string | null }>(
    `SELECT count(*)::int AS count, mode() WITHIN GROUP (ORDER BY error) AS error FROM ingest_rejections
      WHERE received_at > now() AT TIME ZONE 'UTC' - make_interval(hours => $2) AND strpos(payload, $1) > 0`,
    [event, hours],
  );
  const r = rows[0];
  return r && r.count > 0 ? `${plural(r.count, "message", "messages")} naming it were refused at ingest (“${r.error}”)` : null;
}

async function ingestCause(minutes: number): Promise<string | null> {
  const { rows } = await pool().query<{ error: string; field: string | null; count: number; total: number; source: string | null }>(
    `SELECT r.error, r.field, count(*)::int AS count, sum(count(*)) OVER ()::int AS total, max(s.name) AS source
       FROM ingest_rejections r LEFT JOIN sources s ON s.id = r.source_id
      WHERE r.received_at > now() AT TIME ZONE 'UTC' - make_interval(mins => $1)
      GROUP BY r.error, r.field ORDER BY count(*) DESC LIMIT 1`,
    [minutes],
  );
  const r = rows[0];
  if (!r) return null;
  return `Most were refused for “${r.error}”${r.field ? ` (field ${r.field})` : ""}: ${n(r.count)} of ${n(r.total)}${r.source ? `, from the source “${r.source}”` : ""}.`;
}

async function endpointCause(endpointId: string, reason: string | null): Promise<string | null> {
  const { rows } = await pool().query<{ error: string | null; status: number | null; at: Date }>(
    `SELECT error, status, started_at AT TIME ZONE 'UTC' AS at FROM delivery_attempts
      WHERE endpoint_id = $1 AND outcome <> 'delivered' ORDER BY id DESC LIMIT 1`,
    [endpointId],
  );
  const r = rows[0];
  const last = r
    ? `The last failed attempt, at ${at(r.at)}, got ${r.status ? `HTTP ${r.status}` : "no answer"}${r.error ? `: ${r.error}` : ""}.`
    : null;
  return [reason, last].filter(Boolean).join(" ") || null;
}
