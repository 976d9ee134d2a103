"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { PlanFiguresList } from "@/components/syncs/plan-figures";
import { RunStatusBadge } from "@/components/syncs/health-badge";
import { itemErrorLabel, OP_LABEL } from "@/components/syncs/run-words";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber, formatTimestamp } from "@/components/ui/format";
import { planKindLabel, type PlanKindStats } from "@/lib/sync/plan-kind-label";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

// The run page's body, live: polls GET /api/v1/syncs/{id}/runs/{runId} every second while the
// run is queued or running, then stops and refreshes the server parts of the page once.

type Json = Record<string, unknown>;
export type RunPayload = {
  run: Json & {
    id: string;
    status: string;
    dryRun: boolean;
    error: string | null;
    added: number;
    removed: number;
    failed: number;
    invalid: number;
    toAdd: number | null;
    toRemove: number | null;
    stats: Json;
    startedAt: string | null;
    finishedAt: string | null;
  };
  batches: {
    id: string;
    seq: number;
    op: string;
    size: number;
    status: string;
    attempts: number;
    request: unknown;
    response: unknown;
    startedAt: string;
    finishedAt: string | null;
  }[];
  errors: { id: string; profileId: string | null; op: string; code: string; message: string }[];
  errorCount: number;
  /** Safety rails (get-run.ts): removals the platform refused, and when the changes should be visible. */
  refusedRemovals?: number;
  expectedVisibleBy?: string | null;
  visibilityDelayHours?: number | null;
};

const LIVE = new Set(["queued", "running"]);

export function RunLive({ syncId, runId, initial }: { syncId: string; runId: string; initial: RunPayload }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["run", runId],
    queryFn: async () => {
      const res = await fetch(`/api/v1/syncs/${syncId}/runs/${runId}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as RunPayload;
    },
    initialData: initial,
    refetchInterval: (q) => (LIVE.has(q.state.data?.run.status ?? "") ? 1_000 : false),
  });
  const { run, batches, errors, errorCount } = data;
  const wasLive = useRef(LIVE.has(initial.run.status));
  useEffect(() => {
    if (wasLive.current && !LIVE.has(run.status)) {
      wasLive.current = false;
      router.refresh();
    }
  }, [run.status, router]);

  const planned = (run.toAdd ?? 0) + (run.toRemove ?? 0);
  const done = run.added + run.removed + run.failed + run.invalid;
  const stats = run.stats as {
    throttled?: number;
    retries?: number;
    suppressed_at_send?: number;
    plan_ms?: number;
    deliver_ms?: number;
    batch_size?: number;
    concurrency?: number;
  } & PlanKindStats;
  const planKind = planKindLabel(stats);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3" aria-live="polite">
        <span data-testid="run-status">
          <RunStatusBadge status={run.status} dryRun={run.dryRun} />
        </span>
        {LIVE.has(run.status) && (
          <span className="text-sm text-slate-500">
            {run.status === "queued"
              ? "Waiting for a worker…"
              : planned
                ? `${formatNumber(done)} of ${formatCount(planned, "change")} delivered`
                : "Planning…"}
          </span>
        )}
      </div>
      {run.status === "running" && planned > 0 && (
        <div
          className="h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={planned}
          aria-valuenow={done}
        >
          <div className="h-full bg-indigo-500 transition-all" style={{ width: `${Math.min(100, (done / planned) * 100)}%` }} />
        </div>
      )}
      {run.error && (
        <Alert tone="error" title="Why the run stopped">
          {run.error}
        </Alert>
      )}
      {(data.refusedRemovals ?? 0) > 0 && (
        <Alert tone="error" title="Removals refused by the platform">
          The platform refused to remove {formatCount(data.refusedRemovals!, "person", "people")} because the audience would drop below its
          minimum size. They are still in the audience and are retried on the next run; they are not counted as removed.
        </Alert>
      )}
      {data.expectedVisibleBy && !LIVE.has(run.status) && (
        <p className="text-sm text-slate-600" data-testid="expected-visible-by">
          Expected visible on the platform by <span className="font-medium">{formatTimestamp(new Date(data.expectedVisibleBy))}</span> (it
          takes up to {data.visibilityDelayHours} h to process changes).
        </p>
      )}
      {((run.stats as { warnings?: string[] }).warnings ?? []).map((w) => (
        <Alert key={w} tone="warning">
          {w}
        </Alert>
      ))}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Plan" description="Worked out in SQL at the start of the run." />
          <CardBody>
            <PlanFiguresList
              plan={{
                segmentSize: run.segmentSize as number | null,
                suppressed: run.suppressed as number | null,
                capped: run.capped as number | null,
                missingIdentifier: run.missingIdentifier as number | null,
                eligible: run.eligible as number | null,
                heldOut: run.heldOut as number | null,
                rejected: (run.stats as { rejected?: number }).rejected ?? null,
                testProfiles: (run.stats as { test_profiles?: number }).test_profiles ?? null,
                tiered: (run.stats as { tiered?: number }).tiered ?? null,
                toAdd: run.toAdd,
                toRemove: run.toRemove,
              }}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Delivery"
            description={
              stats.batch_size ? `Batches of up to ${formatNumber(stats.batch_size)}, ${stats.concurrency ?? 1} at a time` : undefined
            }
          />
          <CardBody>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="delivery-figures">
              <Figure label="Added" value={run.added} />
              <Figure label="Removed" value={run.removed} />
              <Figure label="Failed" value={run.failed} warn />
              <Figure label="Refused (invalid)" value={run.invalid} warn />
              <Figure label="Throttled, waited out" value={stats.throttled ?? 0} />
              <Figure label="Retries" value={stats.retries ?? 0} />
              {!!stats.suppressed_at_send && <Figure label="Suppressed since the plan" value={stats.suppressed_at_send} />}
            </dl>
            {(stats.plan_ms !== undefined || stats.deliver_ms !== undefined) && (
              <p className="mt-3 text-xs text-slate-500">
                Planning {((stats.plan_ms ?? 0) / 1000).toFixed(1)} s · delivery {((stats.deliver_ms ?? 0) / 1000).toFixed(1)} s
              </p>
            )}
            {planKind && (
              <p className="mt-1 text-xs text-slate-500" data-testid="plan-kind">
                {planKind}
              </p>
            )}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title={`Batches (${formatNumber(batches.length)})`}
          description="Each batch is committed on its own, with what the destination was told and answered (secrets redacted)."
        />
        {batches.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-500">
              {run.dryRun
                ? "A preview sends nothing."
                : LIVE.has(run.status)
                  ? "No batches sent yet."
                  : run.toAdd !== null && planned === 0
                    ? "Nothing to send: the destination already had exactly the right people."
                    : "No batches were sent."}
            </p>
          </CardBody>
        ) : (
          <div className="max-h-96 overflow-y-auto">
            <Table>
              <THead>
                <TR>
                  <TH>#</TH>
                  <TH>Change</TH>
                  <TH className="text-right">Size</TH>
                  <TH>Status</TH>
                  <TH className="text-right">Attempts</TH>
                  <TH>Request → response</TH>
                </TR>
              </THead>
              <TBody>
                {batches.map((b) => (
                  <TR key={b.id}>
                    <TD className="tabular-nums text-slate-500">{b.seq}</TD>
                    <TD>{OP_LABEL[b.op] ?? b.op}</TD>
                    <TD className="text-right tabular-nums">{formatNumber(b.size)}</TD>
                    <TD>
                      <RunStatusBadge status={b.status === "partial" ? "partial" : b.status} />
                    </TD>
                    <TD className="text-right tabular-nums">{b.attempts}</TD>
                    <TD>
                      <code
                        className="block max-w-md truncate font-mono text-xs text-slate-500"
                        title={JSON.stringify({ request: b.request, response: b.response })}
                      >
                        {summary(b.request)} → {summary(b.response)}
                      </code>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </Card>

      {errorCount > 0 && (
        <Card>
          <CardHeader
            title={`People not delivered (${formatNumber(errorCount)})`}
            description={errorCount > errors.length ? `First ${errors.length} shown; all are in the API.` : undefined}
          />
          <Table>
            <THead>
              <TR>
                <TH>Person</TH>
                <TH>Change</TH>
                <TH>What happened</TH>
                <TH>Destination said</TH>
              </TR>
            </THead>
            <TBody>
              {errors.map((e) => (
                <TR key={e.id} data-testid="item-error">
                  <TD>
                    {e.profileId ? (
                      <a href={`/people/${e.profileId}`} className="hover:text-indigo-700">
                        #{e.profileId}
                      </a>
                    ) : (
                      "Whole batch"
                    )}
                  </TD>
                  <TD>{OP_LABEL[e.op] ?? e.op}</TD>
                  <TD title={e.code}>{itemErrorLabel(e.code)}</TD>
                  <TD className="text-slate-600">{e.message}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}

function Figure({ label, value, warn }: { label: string; value: number; warn?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`font-semibold tabular-nums ${warn && value > 0 ? "text-amber-700" : "text-slate-900"}`}>{formatNumber(value)}</dd>
    </div>
  );
}

const summary = (v: unknown) =>
  v && typeof v === "object"
    ? Object.entries(v as Json)
        .slice(0, 3)
        .map(([k, x]) => `${k}=${typeof x === "object" ? "…" : String(x)}`)
        .join(" ")
    : "—";
