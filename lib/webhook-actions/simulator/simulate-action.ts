import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db } from "@/lib/db";
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { actionDefinitionSchema, type ActionDefinition } from "@/lib/webhook-actions/action-schemas";
import { openActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { definitionOf } from "@/lib/webhook-actions/action-view";
import { checkActionTemplates } from "@/lib/webhook-actions/liquid/check-templates";
import { renderActionRequest, type RenderedRequest } from "@/lib/webhook-actions/liquid/render-request";
import { maskSecrets } from "@/lib/webhook-actions/liquid/secret-markers";
import type { TemplateProblem } from "@/lib/webhook-actions/liquid/template-problem";
import { personChoiceSchema, type PersonChoice } from "@/lib/webhook-actions/simulator/simulation-input";
import {
  simulationScope,
  triggerKindOf,
  type SimulatedEvent,
  type SimulatedPerson,
} from "@/lib/webhook-actions/simulator/simulation-scope";

// The simulator: renders an action's request for a real person (or a random member, or typed
// attributes) exactly as the runtime would, and shows it as it would go: the rendered method, URL,
// headers and body with secrets as ••••, the headers Downstream adds when it sends (signature,
// webhook-id, user agent), the body pretty-printed when it is JSON, and every problem and missing
// value at its field, line and column. Nothing is sent and nothing is stored; viewers may use it
// (it shows what a person's page already shows them).

export type SimulatedHeader = {
  name: string;
  value: string;
  /** Set by Downstream when the request goes, in words. */ addedAtSend?: string;
};

export type SimulatedRequest = {
  method: RenderedRequest["method"];
  url: string;
  headers: SimulatedHeader[];
  /** Exactly what is sent, secrets masked. */
  body: string;
  /** The body indented for reading, when it is JSON; null otherwise. */
  bodyPretty: string | null;
};

export type SimulationResult = {
  ok: boolean;
  request: SimulatedRequest | null;
  problems: TemplateProblem[];
  warnings: TemplateProblem[];
  person: SimulatedPerson | null;
  event: SimulatedEvent | null;
  /** Things to know about this simulation, in words (e.g. no one in the segment yet). */
  notes: string[];
};

export const simulateTargetSchema = z.union([
  z.object({ actionId: z.string().min(1).max(100) }),
  /** A definition not yet saved (the "new action" form), with the names of the secrets it will have. */
  z.object({ definition: actionDefinitionSchema, secretNames: z.array(z.string().max(64)).max(20).default([]) }),
]);
export type SimulateTarget = z.input<typeof simulateTargetSchema>;

export type LoadedDefinition = { actionId: string | null; version: number; definition: ActionDefinition; secretNames: string[] };

export async function loadSimulatedDefinition(target: SimulateTarget): Promise<LoadedDefinition> {
  const t = simulateTargetSchema.parse(target);
  if ("definition" in t) return { actionId: null, version: 0, definition: t.definition, secretNames: t.secretNames };
  const row = await db().webhookAction.findUnique({ where: { id: t.actionId } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
  return {
    actionId: row.id,
    version: row.version,
    definition: definitionOf(row),
    secretNames: Object.keys(openActionSecrets(row.secretsEnc).secrets),
  };
}

export async function simulateAction(actor: Actor, target: SimulateTarget, choice: PersonChoice = {}): Promise<SimulationResult> {
  requireRole(actor, "viewer");
  const loaded = await loadSimulatedDefinition(target);
  return (await renderSimulation(loaded, choice)).result;
}

/** The simulation, and the rendered request with its markers (what a test send enqueues). */
export async function renderSimulation(
  loaded: LoadedDefinition,
  choice: PersonChoice,
  opts: { test?: boolean } = {},
): Promise<{ result: SimulationResult; rendered: RenderedRequest | null }> {
  const { definition: d, secretNames } = loaded;
  const parsedChoice = personChoiceSchema.parse(choice);
  const chosen = await simulationScope(d.trigger, parsedChoice);
  const saveProblems = checkActionTemplates(d.request, secretNames, { triggerKind: triggerKindOf(d.trigger) });
  if (!chosen.ok)
    return {
      result: { ok: false, request: null, problems: saveProblems, warnings: [], person: null, event: null, notes: [chosen.message] },
      rendered: null,
    };
  const r = renderActionRequest(d.request, chosen.scope, { secretNames });
  const problems = r.ok ? saveProblems : union(r.problems, saveProblems);
  const base = { problems, warnings: r.warnings, person: chosen.person, event: chosen.event, notes: chosen.notes };
  if (!r.ok || problems.length) return { result: { ok: false, request: null, ...base }, rendered: null };
  return { result: { ok: true, request: shownRequest(r.request, d, opts.test ?? false), ...base }, rendered: r.request };
}

const key = (p: TemplateProblem) => `${p.field}|${p.line}|${p.column}|${p.message}`;
function union(a: TemplateProblem[], b: TemplateProblem[]) {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((p) => !seen.has(key(p)))];
}

/** The request as a person should see it: secrets masked, and the headers the sender adds named for what they are. */
export function shownRequest(r: RenderedRequest, d: ActionDefinition, test: boolean): SimulatedRequest {
  const hasBody = r.method !== "GET" && r.body.length > 0;
  const body = hasBody ? maskSecrets(r.body) : "";
  const headers: SimulatedHeader[] = r.headers.map(([name, value]) => ({ name, value: maskSecrets(value) }));
  if (!hasBody) {
    const i = headers.findIndex((h) => h.name.toLowerCase() === "content-type");
    if (i >= 0 && !d.request.headers.some((h) => h.name.toLowerCase() === "content-type")) headers.splice(i, 1);
  }
  if (!headers.some((h) => h.name.toLowerCase() === "user-agent"))
    headers.push({ name: "user-agent", value: "Downstream/1.0", addedAtSend: "Added when sent" });
  headers.push({
    name: WEBHOOK_ID_HEADER,
    value: "msg_…",
    addedAtSend: "Unique per request and the same on every retry: use it to ignore duplicates",
  });
  if (d.signing.mode === "standard") {
    headers.push({ name: WEBHOOK_TIMESTAMP_HEADER, value: "(the time it is sent)", addedAtSend: "Added when sent" });
    headers.push({ name: WEBHOOK_SIGNATURE_HEADER, value: "v1,…", addedAtSend: "HMAC-SHA256 with your signing key (Standard Webhooks)" });
  } else if (d.signing.mode === "header") {
    headers.push({ name: d.signing.header.toLowerCase(), value: "…", addedAtSend: "Hex HMAC-SHA256 of the body with your signing key" });
  }
  if (test) headers.push({ name: "x-downstream-test", value: "true", addedAtSend: "Marks a test request" });
  return { method: r.method, url: maskSecrets(r.url), headers, body, bodyPretty: prettyJson(body) };
}

function prettyJson(body: string): string | null {
  if (!/^\s*[[{]/.test(body)) return null;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return null;
  }
}
