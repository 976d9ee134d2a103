import { pool } from "@/lib/db";
import { endpointFigures } from "@/lib/delivery/endpoint-figures";
import { n, pct, plural, type Finding, type RuleVerdict } from "@/lib/monitoring/alerts/finding";
import type { StoredRule } from "@/lib/monitoring/alerts/rule-schemas";

// The rules that watch the workspace rather than one sync: a named event's volume against the
// same hours last week ("event names shift"), refused incoming data, and delivery queues (event
// streams, webhook actions) backing up, read from the one place their figures are computed.

const none = (): RuleVerdict => ({ findings: [], undecided: new Set() });

export async function evaluateWorkspaceRule(rule: StoredRule): Promise<RuleVerdict> {
  if (rule.kind === "event_volume_drop") return eventVolumeDrop(rule);
  if (rule.kind === "ingest_rejections") return ingestRejections(rule);
  if (rule.kind === "delivery_backlog") return deliveryBacklog(rule);
  return none();
}

async function eventVolumeDrop(rule: Extract<StoredRule, { kind: "event_volume_drop" }>): Promise<RuleVerdict> {
  const { event, hours, percent, minimumLastWeek } = rule.params;
  // Two index ranges on events (name, occurred_at): the last `hours`, and the same hours a week ago.
  const { rows } = await pool().query<{ now: number; week_ago: number }>(
    `SELECT count(*) FILTER (WHERE occurred_at > now() AT TIME ZONE 'UTC' - make_interval(hours => $2))::int AS now,
            count(*) FILTER (WHERE occurred_at <= now() AT TIME ZONE 'UTC' - interval '7 days')::int AS week_ago
       FROM events
      WHERE name = $1
        AND ((occurred_at > now() AT TIME ZONE 'UTC' - make_interval(hours => $2))
          OR (occurred_at > now() AT TIME ZONE 'UTC' - interval '7 days' - make_interval(hours => $2)
              AND occurred_at <= now() AT TIME ZONE 'UTC' - interval '7 days'))`,
    [event, hours],
  );
  const { now, week_ago } = rows[0] ?? { now: 0, week_ago: 0 };
  // Too few last week says nothing about a drop: a quiet event is not a broken one.
  if (week_ago < minimumLastWeek) return none();
  const drop = ((week_ago - now) / week_ago) * 100;
  if (drop <= percent) return none();
  const window = hours === 1 ? "the last hour" : `the last ${hours} hours`;
  const finding: Finding = {
    rule,
    subject: `event:${event}`,
    syncId: null,
    severity: rule.severity,
    title: now === 0 ? `“${event}” stopped arriving` : `“${event}” volume fell ${pct(drop)}`,
    summary: `${plural(now, `“${event}” event`, `“${event}” events`)} arrived in ${window}, against ${n(week_ago)} in the same hours last week (${pct(drop)} fewer, above ${pct(percent)}).`,
    figures: { event, [`last ${hours} h`]: now, "same hours last week": week_ago, "drop %": Math.round(drop * 10) / 10 },
    context: { type: "event", event, hours },
  };
  return { findings: [finding], undecided: new Set() };
}

async function ingestRejections(rule: Extract<StoredRule, { kind: "ingest_rejections" }>): Promise<RuleVerdict> {
  const { minutes, threshold } = rule.params;
  const { rows } = await pool().query<{ count: number }>(
    `SELECT count(*)::int AS count FROM ingest_rejections WHERE received_at > now() AT TIME ZONE 'UTC' - make_interval(mins => $1)`,
    [minutes],
  );
  const count = rows[0]?.count ?? 0;
  if (count < threshold) return none();
  const finding: Finding = {
    rule,
    subject: "ingest",
    syncId: null,
    severity: rule.severity,
    title: `${plural(count, "incoming message", "incoming messages")} refused`,
    summary: `${plural(count, "message was", "messages were")} refused at ingest in the last ${plural(minutes, "minute", "minutes")} (the threshold is ${n(threshold)}). Refused data never reaches segments.`,
    figures: { refused: count, minutes, threshold },
    context: { type: "ingest", minutes },
  };
  return { findings: [finding], undecided: new Set() };
}

async function deliveryBacklog(rule: Extract<StoredRule, { kind: "delivery_backlog" }>): Promise<RuleVerdict> {
  const { endpointId, lagMinutes, dead } = rule.params;
  // Notification channels are endpoints too; their own trouble is shown with the channel, and
  // alerting about a channel through itself would loop.
  const { rows } = await pool().query<{ id: string; name: string | null }>(
    `SELECT e.id, s.name FROM delivery_endpoints e LEFT JOIN event_streams s ON s.id = e.id
      WHERE e.kind <> 'notification' AND ($1::text IS NULL OR e.id = $1)`,
    [endpointId ?? null],
  );
  const figures = await endpointFigures(rows.map((r) => r.id));
  const findings: Finding[] = [];
  for (const r of rows) {
    const f = figures.get(r.id);
    if (!f) continue;
    const lagMin = f.lagSeconds == null ? null : f.lagSeconds / 60;
    const lagging = lagMinutes != null && lagMin != null && lagMin > lagMinutes;
    const deadOver = dead != null && f.dead >= dead;
    if (!lagging && !deadOver) continue;
    const name = r.name ?? r.id;
    const parts = [
      lagging ? `the oldest waiting event is ${n(Math.round(lagMin!))} minutes old (above ${n(lagMinutes!)})` : null,
      deadOver ? `${plural(f.dead, "event", "events")} gave up after every retry (dead letters)` : null,
    ].filter(Boolean);
    findings.push({
      rule,
      subject: `endpoint:${r.id}`,
      syncId: null,
      severity: rule.severity,
      title: `${name}: delivery backing up`,
      summary: `“${name}” is backing up: ${parts.join(", and ")}. ${n(f.queued)} waiting.`,
      figures: {
        stream: name,
        "lag minutes": lagMin == null ? null : Math.round(lagMin),
        queued: f.queued,
        retrying: f.retrying,
        dead: f.dead,
        state: f.health.word,
      },
      context: { type: "endpoint", endpointId: r.id, reason: f.health.reason },
    });
  }
  return { findings, undecided: new Set() };
}
