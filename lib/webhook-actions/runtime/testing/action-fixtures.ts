import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { actionDefinitionSchema, type ActionDefinitionInput } from "@/lib/webhook-actions/action-schemas";
import { sealActionSecrets } from "@/lib/webhook-actions/action-secrets";

// Test and bench fixtures for the webhook-action runtime: an action written straight to its
// table, live from now on (the records layer, wa-api's, has its own tests), and a segment of
// people whose `vip` attribute decides membership, refreshed by the real refresh.

export const VIP_SEGMENT = "seg_vip";

export async function makeAction(
  o: Partial<ActionDefinitionInput> & {
    url: string;
    secrets?: Record<string, string>;
    signingKey?: string;
    state?: "live" | "paused" | "draft";
  },
) {
  const id = `wa_${randomUUID().slice(0, 8)}`;
  const d = actionDefinitionSchema.parse({
    name: `Test action ${id}`,
    trigger: { kind: "segment_entered", segmentId: VIP_SEGMENT },
    retrySchedule: [0, 0],
    timeoutMs: 2_000,
    ...o,
    request: { method: "POST", url: o.url, body: '{"id":"{{ customer.id }}"}', ...o.request },
  });
  const sealed = sealActionSecrets({ secrets: o.secrets ?? {}, signingKey: o.signingKey });
  await pool().query(`INSERT INTO delivery_endpoints (id, kind) VALUES ($1, 'webhook_action') ON CONFLICT DO NOTHING`, [id]);
  await pool().query(
    `INSERT INTO webhook_actions (id, name, state, trigger, request, signing, response_mapping, delay_seconds, frequency_limit_seconds,
                                  rate_limit_per_second, timeout_ms, retry_schedule, secrets_enc, start_transition_xid, start_event_xid, live_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             pg_snapshot_xmax(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint, now())`,
    [
      id,
      d.name,
      o.state ?? "live",
      JSON.stringify(d.trigger),
      JSON.stringify(d.request),
      JSON.stringify(d.signing),
      JSON.stringify(d.responseMapping),
      d.delaySeconds,
      d.frequencyLimitSeconds,
      d.ratePerSecond,
      d.timeoutMs,
      d.retrySchedule,
      sealed,
    ],
  );
  return { id, definition: d };
}

/** The VIP segment: everyone whose attribute `vip` is true. */
export async function makeVipSegment() {
  const definition = { version: 1, match: "all", conditions: [{ type: "attribute", field: "vip", op: "is_true" }] };
  await pool().query(`INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, 'VIPs', $2, now()) ON CONFLICT (id) DO NOTHING`, [
    VIP_SEGMENT,
    JSON.stringify(definition),
  ]);
}

/** People p1..pN (external ids), not VIPs yet; returns their profile ids. */
export async function makePeople(n: number, o: { prefix?: string; isTest?: boolean; attributes?: Record<string, unknown> } = {}) {
  const prefix = o.prefix ?? `p${randomUUID().slice(0, 4)}_`;
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO profiles (external_id, email_raw, email, attributes, is_test)
     SELECT $1 || i, $1 || i || '@example.com', $1 || i || '@example.com', $3::jsonb, $4 FROM generate_series(1, $2) i
     RETURNING id::text`,
    [prefix, n, JSON.stringify(o.attributes ?? {}), o.isTest ?? false],
  );
  return rows.map((r) => r.id);
}

export async function setVip(profileIds: string[], vip: boolean) {
  await pool().query(`UPDATE profiles SET attributes = attributes || jsonb_build_object('vip', $2::boolean) WHERE id = ANY($1::bigint[])`, [
    profileIds,
    vip,
  ]);
}

export const refreshVips = () => refreshSegment(VIP_SEGMENT, { trigger: "manual" });
