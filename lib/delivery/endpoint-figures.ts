import { pool } from "@/lib/db";
import { describeSeconds } from "@/lib/delivery/retry-schedule";

// The one place an endpoint's figures and status word are computed. The stream list, the stream
// page, the API and (later) alerts all read these; none counts for itself.
//
//   queued    messages owed and not dead (retrying and held included)
//   retrying  in a batch that failed and waits for its next attempt
//   held      waiting because the endpoint is paused or holding, or behind an earlier message of
//             the same person that is retrying (per-person order)
//   dead      gave up after the last retry; kept until replayed
//   lag       age of the oldest message still owed (null when none is)

export type EndpointState = "flowing" | "idle" | "retrying" | "throttled" | "holding" | "paused";

export type EndpointHealth = { state: EndpointState; word: string; reason: string | null; since: Date | null };

export type EndpointFigures = {
  health: EndpointHealth;
  inPerMinute: number;
  outPerMinute: number;
  lagSeconds: number | null;
  queued: number;
  retrying: number;
  held: number;
  dead: number;
  delivered24h: number;
  perMinute: { minute: string; in: number; out: number }[];
};

const FIGURES = `
SELECT e.id, e.state, e.state_reason, e.state_changed_at, e.slow_until, e.failing_since,
  ((SELECT count(*) FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'queued' AND d.batch_id IS NULL)
   + (SELECT count(*) FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'queued' AND d.batch_id IS NOT NULL))::int AS queued,
  (SELECT count(*) FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id
    WHERE d.endpoint_id = e.id AND d.state = 'queued' AND b.state = 'pending' AND b.attempts > 0)::int AS retrying,
  (SELECT count(*) FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'queued' AND d.batch_id IS NULL
      AND EXISTS (SELECT 1 FROM deliveries p JOIN delivery_batches b ON b.id = p.batch_id
                   WHERE p.endpoint_id = e.id AND p.state = 'queued' AND p.ordering_key = d.ordering_key
                     AND p.id < d.id AND b.attempts > 0))::int AS behind,
  (SELECT count(*) FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'dead')::int AS dead,
  -- The oldest message owed: the oldest waiting for a batch, or the oldest in a batch still owed.
  LEAST((SELECT d.enqueued_at FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'queued' AND d.batch_id IS NULL ORDER BY d.id LIMIT 1),
        (SELECT min(b.oldest_enqueued_at) FROM delivery_batches b WHERE b.endpoint_id = e.id AND b.state = 'pending')) AS oldest,
  (SELECT COALESCE(sum(size), 0) FROM delivery_batches b WHERE b.endpoint_id = e.id AND b.state = 'delivered'
      AND b.finished_at > now() - interval '24 hours')::int AS delivered_24h,
  (SELECT COALESCE(json_agg(json_build_object('minute', m.minute, 'in', m.enqueued, 'out', m.delivered) ORDER BY m.minute), '[]')
     FROM delivery_minutes m WHERE m.endpoint_id = e.id AND m.minute > date_trunc('minute', now()) - interval '60 minutes') AS minutes,
  now() AS now
FROM delivery_endpoints e WHERE e.id = ANY($1::text[])`;

type Row = {
  id: string;
  state: string;
  state_reason: string | null;
  state_changed_at: Date;
  slow_until: Date | null;
  failing_since: Date | null;
  queued: number;
  retrying: number;
  behind: number;
  dead: number;
  oldest: Date | null;
  delivered_24h: number;
  minutes: { minute: string; in: number; out: number }[];
  now: Date;
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function healthOf(
  r: Pick<Row, "state" | "state_reason" | "state_changed_at" | "slow_until" | "failing_since" | "queued" | "retrying" | "now">,
  deliveredLastHour: number,
): EndpointHealth {
  const now = r.now.getTime();
  if (r.state === "paused")
    return {
      state: "paused",
      word: "Paused",
      reason: r.state_reason ?? "Paused. Events are kept and go out when it is resumed.",
      since: r.state_changed_at,
    };
  if (r.state === "holding") return { state: "holding", word: "Holding", reason: r.state_reason, since: r.state_changed_at };
  if (r.slow_until && r.slow_until.getTime() > now)
    return {
      state: "throttled",
      word: "Slowed down",
      reason: `The endpoint asked us to slow down; sending again in ${describeSeconds(Math.ceil((r.slow_until.getTime() - now) / 1000))}.`,
      since: r.slow_until,
    };
  if (r.retrying > 0)
    return {
      state: "retrying",
      word: "Retrying",
      reason: `${plural(r.retrying, "event is", "events are")} waiting for a retry; other people's events keep flowing.`,
      since: r.failing_since,
    };
  if (r.queued > 0 || deliveredLastHour > 0) return { state: "flowing", word: "Flowing", reason: null, since: null };
  return { state: "idle", word: "Idle", reason: "No matching events in the last hour.", since: null };
}

export async function endpointFigures(ids: string[]): Promise<Map<string, EndpointFigures>> {
  const out = new Map<string, EndpointFigures>();
  if (!ids.length) return out;
  const { rows } = await pool().query<Row>(FIGURES, [ids]);
  for (const r of rows) {
    const minutes = r.minutes.map((m) => ({ minute: new Date(m.minute).toISOString(), in: m.in, out: m.out }));
    // The last complete minute: the current one is still filling.
    const lastFull = new Date(Math.floor(r.now.getTime() / 60_000) * 60_000 - 60_000).toISOString();
    const last = minutes.find((m) => m.minute === lastFull);
    const paused = r.state === "paused" || r.state === "holding";
    out.set(r.id, {
      health: healthOf(
        r,
        minutes.reduce((a, m) => a + m.out, 0),
      ),
      inPerMinute: last?.in ?? 0,
      outPerMinute: last?.out ?? 0,
      lagSeconds: r.oldest ? Math.max(0, Math.round((r.now.getTime() - r.oldest.getTime()) / 1000)) : null,
      queued: r.queued,
      retrying: paused ? 0 : r.retrying,
      held: paused ? r.queued : r.behind,
      dead: r.dead,
      delivered24h: r.delivered_24h,
      perMinute: minutes,
    });
  }
  return out;
}

export async function endpointHealth(id: string): Promise<EndpointHealth | null> {
  return (await endpointFigures([id])).get(id)?.health ?? null;
}
