"use client";

import { ArrowRight, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { LintList } from "@/components/segments/lint-list";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { formatNumber, formatPercent } from "@/components/ui/format";
import type { PreviewResult } from "@/lib/segments/preview";

// The right-hand column of the builder: who the rules select right now, in numbers and
// in words, what is wrong with them, and what saving would change.

type Props = { result: PreviewResult | undefined; loading: boolean; error: Error | null; invalid: boolean; editing: boolean };

export function PreviewPanel({ result, loading, error, invalid, editing }: Props) {
  return (
    <Card className="overflow-hidden">
      <div className="flex items-center justify-between border-b border-slate-100 px-5 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Live preview</h2>
        <span className="flex items-center gap-1.5 text-xs text-slate-500" aria-live="polite">
          {loading ? (
            <>
              <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> Updating…
            </>
          ) : result ? (
            `computed in ${formatNumber(result.ms)} ms`
          ) : null}
        </span>
      </div>
      <div className="space-y-5 px-5 py-4">
        {invalid && <Alert tone="info">Finish the rules marked in red to see who they select.</Alert>}
        {error && !invalid && <Alert tone="error">{error.message}</Alert>}
        {result && !invalid && <Body result={result} editing={editing} stale={loading} />}
        {!result && !invalid && !error && <p className="text-sm text-slate-500">Add a rule to see who it selects.</p>}
      </div>
    </Card>
  );
}

function Body({ result, editing, stale }: { result: PreviewResult; editing: boolean; stale: boolean }) {
  const reachPct = result.count ? formatPercent(result.reachable, result.count) : "—";
  return (
    <div className={stale ? "opacity-60 transition-opacity" : "transition-opacity"}>
      <div>
        <p className="text-3xl font-semibold tracking-tight text-slate-900" data-testid="preview-count">
          {formatNumber(result.count)}{" "}
          <span className="text-base font-normal text-slate-500">{result.count === 1 ? "person" : "people"}</span>
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {/* The people population (lib/people/population.ts): the Overview's "People" figure. */}
          {formatPercent(result.count, result.total)} of {formatNumber(result.total)} people (test profiles not counted) · {reachPct}{" "}
          matchable by ad platforms (email or phone)
        </p>
      </div>

      <section className="mt-5">
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">In plain English</h3>
        <p className="mt-1.5 text-sm leading-6 text-slate-800" data-testid="preview-description">
          {result.entry} <span className="text-slate-600">{result.exit}</span>
        </p>
      </section>

      {editing && result.impact && (
        <section className="mt-5" data-testid="preview-impact">
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">If you save</h3>
          <p className="mt-1.5 text-sm text-slate-800">
            <span className="font-medium text-emerald-700">+{formatNumber(result.impact.entering)} enter</span>
            {" · "}
            <span className="font-medium text-red-700">−{formatNumber(result.impact.leaving)} leave</span>
            {result.impact.capped > 0 && <span className="text-slate-500"> ({formatNumber(result.impact.capped)} reach the cap)</span>}
            <span className="text-slate-500"> · now {formatNumber(result.impact.current)}</span>
          </p>
          <p className="mt-1 text-xs text-slate-500">
            {result.impact.syncs.length
              ? `Flows to ${result.impact.syncs.map((s) => `${s.name} → ${s.destination} (${s.state === "live" ? "live" : s.state === "paused" ? "paused" : "draft, not sending"})`).join(", ")}.`
              : "No syncs use this segment yet, so no audience changes."}
          </p>
        </section>
      )}

      {result.lints.length > 0 && (
        <section className="mt-5">
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Check before you save</h3>
          <LintList lints={result.lints} className="mt-2" />
        </section>
      )}

      {result.funnel.length > 1 && (
        <section className="mt-5">
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Rule by rule</h3>
          <ol className="mt-2 space-y-2">
            {result.funnel.map((step, i) => (
              <li key={i} className="text-xs">
                <div className="flex justify-between gap-3 text-slate-600">
                  <span className="min-w-0 truncate" title={step.label}>
                    {i + 1}. {step.label}
                  </span>
                  <span className="shrink-0 font-medium text-slate-900">{formatNumber(step.count)}</span>
                </div>
                <div className="mt-1 h-1.5 rounded-full bg-slate-100">
                  <div
                    className="h-1.5 rounded-full bg-indigo-400"
                    style={{ width: `${Math.max(1, (step.count / Math.max(1, result.total)) * 100)}%` }}
                  />
                </div>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section className="mt-5">
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Some of the people</h3>
        {result.sample.length === 0 ? (
          <p className="mt-1.5 text-sm text-slate-500">Nobody matches yet.</p>
        ) : (
          <ul className="mt-1.5 divide-y divide-slate-100" data-testid="preview-sample">
            {result.sample.map((m) => (
              <li key={m.id}>
                <Link
                  href={`/people/${m.id}`}
                  className="group flex items-center justify-between gap-3 py-1.5 text-sm hover:text-indigo-700"
                >
                  <span className="min-w-0 truncate">
                    <span className="font-medium text-slate-900 group-hover:text-indigo-700">
                      {m.firstName ?? m.externalId ?? `#${m.id}`}
                    </span>
                    <span className="ml-2 text-slate-500">{m.email ?? m.phone ?? m.externalId ?? "no identifier"}</span>
                  </span>
                  <ArrowRight className="size-3.5 shrink-0 text-slate-300 group-hover:text-indigo-500" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
