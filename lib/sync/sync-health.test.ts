import { describe, expect, it } from "vitest";
import { runOutcome } from "@/lib/sync/run-status";
import { syncHealth, type HealthRun } from "@/lib/sync/sync-health";

// The one health model every screen shows (issue 9, items 5 and 8), and how a finished run's
// status is derived from what it delivered.

let seq = 0;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 8, minutes));
const run = (p: Partial<HealthRun> & { minute: number }): HealthRun => ({
  id: `run_${++seq}`,
  status: "succeeded",
  createdAt: at(p.minute),
  finishedAt: at(p.minute + 1),
  error: null,
  added: 10,
  removed: 0,
  failed: 0,
  invalid: 0,
  warnings: [],
  ...p,
});
const live = (runs: HealthRun[], extra: Partial<Parameters<typeof syncHealth>[0]> = {}) =>
  syncHealth({ state: "live", pausedReason: null, runs, ...extra });

describe("runOutcome", () => {
  it("calls a run that delivered nothing it should have Failed, with the cause", () => {
    const out = runOutcome({ stopMessage: null, added: 0, removed: 0, failed: 126, lastError: "HTTP 503 from the destination" });
    expect(out.status).toBe("failed");
    expect(out.error).toBe("Nothing was delivered: 126 changes failed after every retry. Last error: HTTP 503 from the destination");
    expect(runOutcome({ stopMessage: null, added: 0, removed: 0, failed: 1 }).error).toMatch(/^Nothing was delivered: 1 change failed/);
  });
  it("keeps Partial for a run that delivered some, Succeeded for all, and Failed when the run stopped", () => {
    expect(runOutcome({ stopMessage: null, added: 40, removed: 0, failed: 3 })).toEqual({ status: "partial", error: null });
    expect(runOutcome({ stopMessage: null, added: 0, removed: 0, failed: 0 })).toEqual({ status: "succeeded", error: null });
    expect(runOutcome({ stopMessage: "Access token expired", added: 50, removed: 0, failed: 0 })).toEqual({
      status: "failed",
      error: "Access token expired",
    });
    // Removals the platform refused to keep its minimum size are its rule, not a failed delivery.
    expect(runOutcome({ stopMessage: null, added: 0, removed: 0, failed: 180, refusedRemovals: 180 })).toEqual({
      status: "partial",
      error: null,
    });
  });
});

describe("syncHealth", () => {
  it("is healthy after a clean run, since the first clean run of the streak", () => {
    const h = live([run({ minute: 20 }), run({ minute: 10 }), run({ minute: 0, status: "failed", error: "x" })]);
    expect(h).toMatchObject({ state: "healthy", label: "Healthy", cause: null, since: at(11) });
  });

  it("says Failing with the run's cause, since the first failure in a row", () => {
    const h = live([
      run({ minute: 20, status: "failed", error: "Nothing was delivered: 126 changes failed" }),
      run({ minute: 10, status: "failed", error: "older" }),
      run({ minute: 0 }),
    ]);
    expect(h).toMatchObject({ state: "failing", label: "Failing", cause: "Nothing was delivered: 126 changes failed", since: at(11) });
  });

  it("says Needs a look when the last run's plan warned of the minimum audience size, not Healthy", () => {
    const warning = "Meta Custom Audiences needs at least 100 matched people to serve an audience; this one would have about 88 matched.";
    const h = live([run({ minute: 5, warnings: [warning] })]);
    expect(h).toMatchObject({ state: "warning", label: "Needs a look", cause: warning });
  });

  it("explains a partial run and refused people", () => {
    expect(live([run({ minute: 0, status: "partial", failed: 3, invalid: 1 })]).cause).toBe(
      "The last run could not deliver 3 people, and the destination refused 1 person as invalid. They are retried on the next run.",
    );
    expect(live([run({ minute: 0, invalid: 1 })]).cause).toMatch(/refused 1 person as invalid/);
  });

  it("says Running only while the latest run is running, and ignores previews' and cancelled runs", () => {
    expect(live([run({ minute: 30, status: "running", finishedAt: null }), run({ minute: 0 })]).state).toBe("running");
    expect(live([run({ minute: 30, status: "cancelled" }), run({ minute: 0, status: "failed", error: "boom" })]).state).toBe("failing");
  });

  it("tells an engine pause (a cause to fix) from a person's pause (a choice)", () => {
    expect(syncHealth({ state: "paused", pausedReason: "The access token expired — reconnect Meta", runs: [] })).toMatchObject({
      state: "failing",
      cause: "The access token expired — reconnect Meta",
    });
    expect(syncHealth({ state: "paused", pausedReason: "Paused by ana@example.com", runs: [] })).toMatchObject({
      state: "paused",
      label: "Paused",
    });
  });

  it("says Not run yet for a live sync with no runs, Draft for a draft, and warns when the platform is overdue", () => {
    expect(live([])).toMatchObject({ state: "waiting", label: "Not run yet" });
    expect(syncHealth({ state: "draft", pausedReason: null, runs: [] })).toMatchObject({ state: "draft" });
    // A draft run by hand says how that run went: its delivery is as real as a live sync's.
    expect(syncHealth({ state: "draft", pausedReason: null, runs: [run({ minute: 0, status: "failed", error: "boom" })] })).toMatchObject({
      state: "failing",
      cause: "boom",
    });
    const overdue = live([run({ minute: 0 })], { visibility: { state: "overdue", expectedBy: at(50) } });
    expect(overdue).toMatchObject({ state: "warning", since: at(50) });
    expect(overdue.cause).toMatch(/still does not show the audience/);
  });
});
