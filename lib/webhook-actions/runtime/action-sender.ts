import { pool } from "@/lib/db";
import { sendHttp } from "@/lib/delivery/http-send";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch } from "@/lib/delivery/sender";
import { logger } from "@/lib/logger";
import { actionSigningSchema, responseMappingSchema, type ActionSigning, type ResponseMapping } from "@/lib/webhook-actions/action-schemas";
import { openActionSecrets, type ActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { fillSecrets, maskSecrets, MissingSecretError } from "@/lib/webhook-actions/liquid/secret-markers";
import { actionPayloadSchema } from "@/lib/webhook-actions/runtime/action-payload";
import { mapResponse } from "@/lib/webhook-actions/runtime/map-response";
import { signActionRequest } from "@/lib/webhook-actions/runtime/sign-action-request";
import { takeRateToken } from "@/lib/webhook-actions/runtime/take-rate-token";
import { keepTestResponse } from "@/lib/webhook-actions/runtime/test-responses";

// How the ledger sends a webhook action's request (kind "webhook_action", one request per
// message): the rendered request from the outbox with its secret markers filled in, signed with
// the user's key, sent with its own method, held to the action's rate limit; a 2xx JSON answer is
// mapped onto the person. Secret values exist only in memory here: they are masked out of the
// answer's excerpt and the error before the outcome goes back to the ledger, which stores them.
// Retries, ordering, holding and dead letters are the ledger's.

/** Requests in flight at once per action; one person's requests still go one at a time, in order. */
export const ACTION_CONCURRENCY = 32;
/** How long a loaded action is reused across sends: a change (new secret, new key) applies within this. */
const ACTION_TTL_MS = 1_000;
/** A rate-limit wait shorter than this is waited out in place instead of handing the request back. */
const WAIT_IN_PLACE_MS = 250;

type LoadedAction = {
  id: string;
  name: string;
  signing: ActionSigning;
  responseMapping: ResponseMapping;
  ratePerSecond: number | null;
  timeoutMs: number;
  retrySchedule: number[];
  secrets: ActionSecrets | Error;
  /** The values to mask, worked out once per load rather than once per request. */
  maskValues: string[];
};

const cache = new Map<string, { at: number; action: LoadedAction | null }>();

type ActionRow = {
  id: string;
  name: string;
  signing: unknown;
  response_mapping: unknown;
  rate_limit_per_second: number | null;
  timeout_ms: number;
  retry_schedule: number[] | null;
  secrets_enc: string | null;
};

/** Every secret value of the action (and its signing key): what must never reach a stored record. */
const secretValues = (s: ActionSecrets) => [...Object.values(s.secrets), ...(s.signingKey ? [s.signingKey] : [])];

async function loadAction(id: string): Promise<LoadedAction | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < ACTION_TTL_MS) return hit.action;
  const { rows } = await pool().query<ActionRow>(
    `SELECT id, name, signing, response_mapping, rate_limit_per_second, timeout_ms, retry_schedule, secrets_enc FROM webhook_actions WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  let action: LoadedAction | null = null;
  if (row) {
    let secrets: ActionSecrets | Error;
    try {
      secrets = openActionSecrets(row.secrets_enc);
    } catch (e) {
      secrets = e instanceof Error ? e : new Error(String(e));
    }
    action = {
      id: row.id,
      name: row.name,
      signing: actionSigningSchema.catch({ mode: "none" }).parse(row.signing),
      responseMapping: responseMappingSchema.catch([]).parse(row.response_mapping),
      ratePerSecond: row.rate_limit_per_second,
      timeoutMs: row.timeout_ms,
      retrySchedule: row.retry_schedule?.length ? row.retry_schedule : [0],
      secrets,
      maskValues: secrets instanceof Error ? [] : secretValues(secrets),
    };
  }
  cache.set(id, { at: Date.now(), action });
  return action;
}

function masked(outcome: SendOutcome, values: string[], note: string | null): SendOutcome {
  const m = (t: string | undefined) => (t === undefined ? undefined : maskSecrets(t, values));
  const o = { ...outcome } as SendOutcome & { excerpt?: string; error?: string };
  if ("excerpt" in o && o.excerpt !== undefined) o.excerpt = m(o.excerpt);
  if ("error" in o && o.error !== undefined) o.error = m(o.error)!;
  if (note && o.kind === "delivered") o.excerpt = o.excerpt ? `${note}\n${o.excerpt}` : note;
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(batch: OutboundBatch): Promise<SendOutcome> {
  const message = batch.messages[0];
  const action = await loadAction(batch.endpointId);
  if (!action) return { kind: "failed", error: "The webhook action was deleted.", answered: false };
  const payload = actionPayloadSchema.safeParse(message?.payload);
  if (!message || !payload.success)
    return { kind: "failed", error: "This request was stored in a shape Downstream cannot read.", answered: false };
  if (action.secrets instanceof Error) return { kind: "failed", error: action.secrets.message, answered: false };
  const secrets = action.secrets;
  const values = action.maskValues;
  const { request, test, profileId } = payload.data;

  if (action.signing.mode !== "none" && !secrets.signingKey) {
    return { kind: "failed", error: "The action signs its requests but has no signing key. Generate one under Signing.", answered: false };
  }

  let url: string;
  let body: string;
  const headers: Record<string, string> = {};
  try {
    url = fillSecrets(request.url, secrets.secrets);
    body = fillSecrets(request.body, secrets.secrets);
    for (const [name, value] of request.headers) headers[name.toLowerCase()] = fillSecrets(value, secrets.secrets);
  } catch (e) {
    if (e instanceof MissingSecretError) return { kind: "failed", error: e.message, answered: false };
    throw e;
  }
  const hasBody = request.method !== "GET" && body.length > 0;
  if (hasBody && !headers["content-type"])
    headers["content-type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain; charset=utf-8";
  headers["user-agent"] ??= "Downstream/1.0";
  Object.assign(headers, signActionRequest(action.signing, secrets.signingKey, batch.id, hasBody ? body : ""));
  if (test) headers["x-downstream-test"] = "true";

  // The rate limit counts real requests only: a test send never waits behind a campaign.
  if (action.ratePerSecond && !test) {
    let token = await takeRateToken(pool(), action.id, action.ratePerSecond);
    for (let i = 0; !token.ok && token.retryAfterMs <= WAIT_IN_PLACE_MS && i < 4; i++) {
      await sleep(token.retryAfterMs);
      token = await takeRateToken(pool(), action.id, action.ratePerSecond);
    }
    if (!token.ok) {
      return {
        kind: "throttled",
        retryAfterMs: token.retryAfterMs,
        error: `Held back by this action's rate limit (${action.ratePerSecond.toLocaleString("en-US")} requests per second).`,
      };
    }
  }

  const mapping = !test && profileId && action.responseMapping.length > 0;
  const sent = await sendHttp({
    url,
    method: request.method,
    headers,
    body: hasBody ? body : "",
    timeoutMs: action.timeoutMs,
    addressField: "URL",
    readBody: !!mapping || test,
  });
  if (test) {
    const status = "status" in sent.outcome ? (sent.outcome.status ?? null) : null;
    keepTestResponse(batch.id, {
      status,
      headers: (sent.body?.headers ?? []).map(([k, v]) => [k, maskSecrets(v, values)] as [string, string]),
      body: maskSecrets(sent.body?.text ?? "", values),
      complete: sent.body?.complete ?? true,
    });
  }
  let note: string | null = null;
  if (mapping && sent.outcome.kind === "delivered") {
    try {
      note = await mapResponse({
        actionId: action.id,
        actionName: action.name,
        deliveryId: message.deliveryId,
        profileId: profileId!,
        mapping: action.responseMapping,
        body: sent.body,
      });
    } catch (e) {
      // The receiver has the request; failing the delivery would send it again. Say so instead.
      logger.warn({ err: e, actionId: action.id }, "webhook action response mapping failed");
      note = "The answer could not be written onto the person (an internal error).";
    }
  }
  return masked(sent.outcome, values, note && maskSecrets(note, values));
}

export const actionSender: DeliverySender = {
  kind: "webhook_action",
  async config(id): Promise<EndpointConfig | null> {
    const action = await loadAction(id);
    if (!action) return null;
    return {
      batchSize: 1,
      maxWaitMs: 0,
      timeoutMs: action.timeoutMs,
      retrySchedule: action.retrySchedule,
      concurrency: ACTION_CONCURRENCY,
    };
  },
  send: (batch) => send(batch),
};
