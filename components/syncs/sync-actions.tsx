"use client";

import { CirclePause, Eye, Play, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { PlanFiguresList } from "@/components/syncs/plan-figures";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/action-result";
import type { DryRun } from "@/lib/sync/dry-run-sync";

type Actions = {
  syncNow: (input: unknown) => Promise<ActionResult<{ runId: string }>>;
  preview: (input: unknown) => Promise<ActionResult<{ preview: DryRun }>>;
  setState: (input: unknown) => Promise<ActionResult>;
};

/** Sync now (opens the live run), Preview (a dry run), and go live / pause / resume. */
export function SyncActions({ syncId, state, actions }: { syncId: string; state: "draft" | "live" | "paused"; actions: Actions }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<DryRun | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<void>) => {
    setError(null);
    start(fn);
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            run(async () => {
              const r = await actions.preview({ syncId });
              if (r.ok) setPreview(r.preview);
              else setError(r.error);
            })
          }
        >
          <Eye aria-hidden />
          Preview
        </Button>
        {state === "live" ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(async () => {
                const r = await actions.setState({ syncId, state: "paused" });
                if (!r.ok) setError(r.error);
                router.refresh();
              })
            }
          >
            <CirclePause aria-hidden />
            Pause
          </Button>
        ) : (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(async () => {
                const r = await actions.setState({ syncId, state: "live" });
                if (!r.ok) setError(r.error);
                router.refresh();
              })
            }
          >
            <Play aria-hidden />
            {state === "paused" ? "Resume" : "Go live"}
          </Button>
        )}
        {state !== "paused" && (
          <Button
            disabled={pending}
            onClick={() =>
              run(async () => {
                const r = await actions.syncNow({ syncId });
                if (r.ok) router.push(`/syncs/${syncId}/runs/${r.runId}`);
                else setError(r.error);
              })
            }
          >
            <RefreshCw aria-hidden />
            Sync now
          </Button>
        )}
      </div>
      {error && (
        <Alert tone="error" className="max-w-md">
          {error}
        </Alert>
      )}
      <Dialog
        open={!!preview}
        onClose={() => setPreview(null)}
        title="Preview: what a run would do now"
        description="Nothing was sent. Counts come from the same SQL plan a real run uses."
      >
        {preview && (
          <div className="space-y-4">
            {preview.warnings.map((w) => (
              <Alert key={w} tone="warning">
                {w}
              </Alert>
            ))}
            {preview.matchExpectation && (
              <p className="text-sm text-slate-700" data-testid="match-expectation">
                <span className="font-medium">Expected match rate: </span>
                {preview.matchExpectation.text}
              </p>
            )}
            <PlanFiguresList plan={{ ...preview.plan, rejected: preview.plan.rejected }} />
            <Samples title="Would add" people={preview.samples.add} />
            <Samples title="Would remove" people={preview.samples.remove} />
            <Samples title="Suppressed, e.g." people={preview.samples.suppressed} />
            <Samples title="Held out, e.g." people={preview.samples.held_out} />
            <Samples title="Go to a higher tier instead, e.g." people={preview.samples.higher_tier ?? []} />
            <Samples title="Wait until another tier's audience lets them go, e.g." people={preview.samples.other_tier ?? []} />
            <DialogActions>
              <Button onClick={() => setPreview(null)}>Close</Button>
            </DialogActions>
          </div>
        )}
      </Dialog>
    </div>
  );
}

function Samples({ title, people }: { title: string; people: DryRun["samples"]["add"] }) {
  if (!people.length) return null;
  return (
    <div>
      <p className="text-xs font-medium text-slate-500">{title}</p>
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
        {people.map((p) => (
          <li key={p.key}>
            <a href={`/people/${p.key}`} className="hover:text-indigo-700">
              {p.email ?? p.externalId ?? `#${p.key}`}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
