import { z } from "zod";
import type { Visibility } from "@/lib/sync/safety-rails";

// One health model for a sync (issue 9, item 8): the list, the sync page, the API and the
// Overview all show what this returns, so no screen says "Healthy" while another warns.
// Inputs are the sync's state and its recent real runs (newest first; previews and runs
// cancelled because the sync was paused say nothing about delivery), the latest run's plan
// warnings (the minimum-audience warning among them) and whether the platform is late to show
// the audience. `since` is when the current state began: the oldest run of the current streak.

export const SYNC_HEALTH_STATES = ["healthy", "warning", "failing", "running", "paused", "draft", "waiting"] as const;
export type SyncHealthState = (typeof SYNC_HEALTH_STATES)[number];

export type SyncHealth = {
  state: SyncHealthState;
  /** The words every screen shows for the state. */
  label: string;
  /** Why, in a sentence a marketer can act on; null when there is nothing to say. */
  cause: string | null;
  since: Date | null;
  /** The run the cause comes from, to link to. */
  runId: string | null;
};

export const LABELS: Record<SyncHealthState, string> = {
  healthy: "Healthy",
  warning: "Needs a look",
  failing: "Failing",
  running: "Running",
  paused: "Paused",
  draft: "Draft",
  waiting: "Not run yet",
};

/** A run as the model reads it (sync_runs columns; `warnings` from stats.warnings). Parsed with zod: it comes from JSON. */
export const healthRun = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.coerce.date(),
  finishedAt: z.coerce.date().nullable(),
  error: z.string().nullable(),
  added: z.number(),
  removed: z.number(),
  failed: z.number(),
  invalid: z.number(),
  warnings: z.array(z.string()).nullish(),
});
export type HealthRun = z.infer<typeof healthRun>;

export type HealthInput = {
  state: "draft" | "live" | "paused";
  pausedReason: string | null;
  /** Newest first, real runs only (no previews); queued and cancelled ones are skipped here. */
  runs: HealthRun[];
  visibility?: Visibility | null;
};

const n = (v: number) => v.toLocaleString("en-US");
const people = (v: number) => `${n(v)} ${v === 1 ? "person" : "people"}`;

/** What one finished run says about delivery. */
export function runHealth(run: HealthRun): { state: "healthy" | "warning" | "failing"; cause: string | null } {
  if (run.status === "failed") return { state: "failing", cause: run.error ?? "The last run failed." };
  if (run.status === "partial") {
    return {
      state: "warning",
      cause: `The last run could not deliver ${people(run.failed)}${run.invalid ? `, and the destination refused ${people(run.invalid)} as invalid` : ""}. They are retried on the next run.`,
    };
  }
  const warning = run.warnings?.[0];
  if (warning) return { state: "warning", cause: warning };
  if (run.invalid > 0)
    return {
      state: "warning",
      cause: `The destination refused ${people(run.invalid)} as invalid in the last run; see the run for who and why.`,
    };
  return { state: "healthy", cause: null };
}

export function syncHealth(input: HealthInput): SyncHealth {
  const runs = input.runs.filter((r) => r.status !== "queued" && r.status !== "cancelled");
  const finished = runs.filter((r) => r.status !== "running");
  const latest = finished[0];
  const streakStart = (state: string) => {
    let since: Date | null = null;
    for (const r of finished) {
      if (runHealth(r).state !== state) break;
      since = r.finishedAt ?? r.createdAt;
    }
    return since;
  };
  const make = (state: SyncHealthState, cause: string | null, since: Date | null, runId: string | null): SyncHealth => ({
    state,
    label: LABELS[state],
    cause,
    since,
    runId,
  });

  if (input.state === "paused") {
    // Paused by the engine (an auth error) is a failure someone must fix; paused by a person is a choice.
    const byPerson = !input.pausedReason || input.pausedReason.startsWith("Paused by ");
    return make(byPerson ? "paused" : "failing", input.pausedReason ?? "Resume it to run again.", null, latest?.id ?? null);
  }
  if (runs[0]?.status === "running") return make("running", null, runs[0].createdAt, runs[0].id);
  if (!latest)
    return make(
      input.state === "draft" ? "draft" : "waiting",
      input.state === "draft" ? "Start the sync to run it." : "The first run starts within a minute.",
      null,
      null,
    );
  const last = runHealth(latest);
  if (last.state === "healthy" && input.visibility?.state === "overdue") {
    return make(
      "warning",
      "The platform still does not show the audience, past the time it usually takes. Check it in the platform's own screens.",
      input.visibility.expectedBy,
      latest.id,
    );
  }
  return make(last.state, last.cause, streakStart(last.state), latest.id);
}
