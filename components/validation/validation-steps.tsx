import { Badge } from "@/components/ui/badge";
import { METHOD_LABEL, STEP_PURPOSE, STEP_STATE } from "@/components/validation/validation-words";
import type { Step } from "@/lib/validation/validation-schemas";

// A validation's steps, in order, each with what it proves, what happened, and the evidence.

type Result = { profileId: string; label: string; status: string; code?: string; message?: string };

function Delivered({ results }: { results: Result[] }) {
  return (
    <details className="text-xs text-slate-600">
      <summary className="cursor-pointer text-slate-700">What the destination answered for each test profile</summary>
      <ul className="mt-1 space-y-0.5">
        {results.map((r) => (
          <li key={r.profileId} data-testid="step-profile">
            <span className="font-medium text-slate-800">{r.label}</span>: {r.status === "ok" ? "accepted" : r.status}
            {r.message ? ` (${r.message})` : ""}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Evidence({ step }: { step: Step }) {
  const e = step.evidence as Record<string, unknown>;
  const delivery = e.delivery as { results?: Result[]; stats?: Record<string, unknown> } | undefined;
  const receipt = e.receipt as Record<string, unknown> | undefined;
  const rules = e.rulesMet as { name: string; segment: string }[] | undefined;
  const covered = e.coveredSyncs as { id: string; name: string }[] | undefined;
  return (
    <div className="space-y-1.5">
      {delivery?.results && <Delivered results={delivery.results} />}
      {receipt && Object.keys(receipt).length > 0 && (
        <p className="text-xs text-slate-600">
          Platform figures:{" "}
          {Object.entries(receipt)
            .map(([k, v]) => `${k.replaceAll("_", " ")} ${String(v)}`)
            .join(", ")}
        </p>
      )}
      {typeof e.audienceSize === "number" && (
        <p className="text-xs text-slate-600">Audience size when checked: {e.audienceSize.toLocaleString("en-US")} members.</p>
      )}
      {rules && rules.length > 0 && (
        <p className="text-xs text-slate-600">
          Suppression rules that caught the buyer: {rules.map((r) => `${r.name} (segment “${r.segment}”)`).join(", ")}.
        </p>
      )}
      {covered && covered.length > 0 && (
        <p className="text-xs text-slate-600">They hold buyers out of: {covered.map((s) => s.name).join(", ")}.</p>
      )}
    </div>
  );
}

export function ValidationSteps({ steps }: { steps: Step[] }) {
  return (
    <ol className="space-y-3">
      {steps.map((s, i) => {
        const purpose = STEP_PURPOSE[s.name]!;
        const state = STEP_STATE[s.state]!;
        return (
          <li key={s.name} data-testid={`step-${s.name}`} className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start justify-between gap-4">
              <div className="min-w-0">
                <h3 className="text-sm font-semibold text-slate-900">
                  {i + 1}. {purpose.title}
                </h3>
                <p className="mt-0.5 text-xs text-slate-500">{purpose.proves}</p>
              </div>
              <Badge tone={state.tone}>{state.word}</Badge>
            </div>
            {s.summary && (
              <p className="mt-2 text-sm text-slate-800" data-testid="step-summary">
                {s.summary}
              </p>
            )}
            {s.method && (
              <p className="mt-1 text-xs font-medium text-slate-600">
                {typeof s.evidence.how === "string" ? `Checked by ${s.evidence.how}` : METHOD_LABEL[s.method]}
              </p>
            )}
            <div className="mt-2">
              <Evidence step={s} />
            </div>
            {(s.ms !== null || s.attempts > 1) && (
              <p className="mt-2 text-xs text-slate-400">
                {s.ms !== null ? `Took ${(s.ms / 1000).toFixed(1)} s` : ""}
                {s.attempts > 1 ? ` · resumed after an interruption (${s.attempts} tries)` : ""}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
