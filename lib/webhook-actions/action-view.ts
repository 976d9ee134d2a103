import type { WebhookAction } from "@/lib/generated/prisma/client";
import { describeSelector } from "@/lib/streams/stream-view";
import { openActionSecrets, secretPreview, secretPreviews } from "@/lib/webhook-actions/action-secrets";
import {
  actionDefinitionSchema,
  type ActionDefinition,
  type ActionRequest,
  type ActionSigning,
  type ActionState,
  type ActionTrigger,
  type ResponseMapping,
} from "@/lib/webhook-actions/action-schemas";

// What may leave the server about a webhook action: its definition (templates are not secret:
// secrets are referenced by name), which secrets are set with their last 4 characters, and the
// signing key's preview. Never a secret value, never the sealed blob.

/** The definition as saved, read back from its columns (the same shape the form and the API send). */
export function definitionOf(row: WebhookAction): ActionDefinition {
  return actionDefinitionSchema.parse({
    name: row.name,
    description: row.description ?? undefined,
    trigger: row.trigger,
    delaySeconds: row.delaySeconds,
    frequencyLimitSeconds: row.frequencyLimitSeconds,
    ratePerSecond: row.ratePerSecond,
    timeoutMs: row.timeoutMs,
    retrySchedule: row.retrySchedule,
    request: row.request,
    signing: row.signing,
    responseMapping: row.responseMapping,
  });
}

/** The columns a definition is stored in: webhook_actions maps 1:1, a blank description stored as null. */
export function definitionColumns(d: ActionDefinition) {
  return { ...d, description: d.description || null };
}

/** "2 hours", "1 day", "90 seconds": a delay or a window as a person says it. */
export function spanWords(seconds: number): string {
  const [n, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, "day"]
      : seconds % 3600 === 0
        ? [seconds / 3600, "hour"]
        : seconds % 60 === 0
          ? [seconds / 60, "minute"]
          : [seconds, "second"];
  return `${n.toLocaleString("en-US")} ${unit}${n === 1 ? "" : "s"}`;
}

export const STATE_WORDS: Record<ActionState, string> = { draft: "Draft", live: "Live", paused: "Paused" };

/** "When someone enters Cart abandoners, 2 hours later if still in it; at most once per 1 day". */
export function describeTrigger(
  d: Pick<ActionDefinition, "trigger" | "delaySeconds" | "frequencyLimitSeconds">,
  segmentName: string | null,
): string {
  const t = d.trigger;
  const segment = segmentName ?? "a deleted segment";
  const delay = d.delaySeconds > 0 ? spanWords(d.delaySeconds) : null;
  let when: string;
  if (t.kind === "segment_entered") when = `When someone enters ${segment}${delay ? `, ${delay} later if still in it` : ""}`;
  else if (t.kind === "segment_exited") when = `When someone leaves ${segment}${delay ? `, ${delay} later if still out of it` : ""}`;
  else {
    // The event-stream words for a name and its property conditions: "checkout_started, where plan is pro".
    const event = describeSelector({ metrics: [], channels: [], names: [t.eventName], patterns: [], filters: t.filters });
    when = `When someone does ${event}${delay ? `; ${delay} later` : ""}`;
  }
  return d.frequencyLimitSeconds ? `${when}; at most once per ${spanWords(d.frequencyLimitSeconds)} per person` : when;
}

export type ActionView = {
  id: string;
  name: string;
  description: string | null;
  state: ActionState;
  stateWord: string;
  trigger: ActionTrigger;
  /** The trigger's segment (entry and exit triggers), null for an event trigger. */
  segment: { id: string; name: string | null } | null;
  /** When it fires, in words. */
  fires: string;
  delaySeconds: number;
  frequencyLimitSeconds: number | null;
  ratePerSecond: number | null;
  timeoutMs: number;
  retrySchedule: number[];
  request: ActionRequest;
  signing: ActionSigning;
  responseMapping: ResponseMapping;
  /** Names usable as {{ secrets.name }}, each with its last 4 characters. */
  secrets: { name: string; preview: string }[];
  /** The signing key's kind and last 4 characters; null when the action does not sign. */
  signingKey: { preview: string } | null;
  /** False when the saved secrets cannot be decrypted (a changed ENCRYPTION_KEY): enter them again. */
  secretsReadable: boolean;
  version: number;
  liveAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function actionView(row: WebhookAction, segmentNames: Map<string, string> = new Map()): ActionView {
  const d = definitionOf(row);
  let secrets: ActionView["secrets"] = [];
  let signingKey: ActionView["signingKey"] = null;
  let secretsReadable = true;
  try {
    const open = openActionSecrets(row.secretsEnc);
    secrets = secretPreviews(open.secrets);
    if (open.signingKey && d.signing.mode !== "none") signingKey = { preview: secretPreview(open.signingKey) };
  } catch {
    // Listed as unreadable; the sender reports the real error on its attempts.
    secretsReadable = false;
  }
  const segmentId = d.trigger.kind === "event" ? null : d.trigger.segmentId;
  const segmentName = segmentId ? (segmentNames.get(segmentId) ?? null) : null;
  const state = row.state as ActionState;
  const { name, description, ...settings } = d;
  return {
    id: row.id,
    name,
    description: description ?? null,
    state,
    stateWord: STATE_WORDS[state] ?? row.state,
    segment: segmentId ? { id: segmentId, name: segmentName } : null,
    fires: describeTrigger(d, segmentName),
    ...settings,
    secrets,
    signingKey,
    secretsReadable,
    version: row.version,
    liveAt: row.liveAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
