import type pg from "pg";
import type { ActionRequest } from "@/lib/webhook-actions/action-schemas";
import { buildActionScopes } from "@/lib/webhook-actions/liquid/build-scope";
import { renderActionRequest } from "@/lib/webhook-actions/liquid/render-request";
import { describeProblem } from "@/lib/webhook-actions/liquid/template-problem";
import type { ActionPayload } from "@/lib/webhook-actions/runtime/action-payload";

// Renders a chunk of due triggers: the people, events and segments they need are loaded in bulk
// (wa-liquid's buildActionScopes: one query each, not one per trigger), then each request is
// rendered from its scope. A template error or a missing person is a skip reason, never a throw.

export type DueTrigger = {
  id: string;
  action_id: string;
  profile_id: string;
  source: "enter" | "exit" | "event";
  event_id: string | null;
  transition_id: string | null;
  segment_id: string | null;
  due_at: Date;
  request: ActionRequest;
  secretNames: string[];
};

export type Rendered = { ok: true; request: ActionPayload["request"]; externalId: string | null } | { ok: false; problem: string };

export async function renderTriggers(
  q: Pick<pg.PoolClient, "query">,
  due: DueTrigger[],
  timing?: { scopesMs: number },
): Promise<Map<string, Rendered>> {
  const out = new Map<string, Rendered>();
  if (!due.length) return out;
  const started = performance.now();
  // The trigger's time is the fact's (the transition or the event), read by the scope builder.
  const scopes = await buildActionScopes(
    q,
    due.map((t) => ({
      key: t.id,
      profileId: t.profile_id,
      eventId: t.event_id,
      segmentId: t.segment_id,
      transitionId: t.transition_id,
      trigger: { kind: t.source },
    })),
  );
  if (timing) timing.scopesMs = performance.now() - started;
  for (const t of due) {
    const scope = scopes.get(t.id);
    if (!scope) {
      out.set(t.id, { ok: false, problem: "the person no longer exists" });
      continue;
    }
    const result = renderActionRequest(t.request, scope.scope, { secretNames: t.secretNames });
    if (!result.ok) {
      out.set(t.id, { ok: false, problem: result.problems.map(describeProblem).join("; ") });
      continue;
    }
    out.set(t.id, {
      ok: true,
      externalId: scope.externalId,
      request: { method: t.request.method, url: result.request.url, headers: result.request.headers, body: result.request.body },
    });
  }
  return out;
}
