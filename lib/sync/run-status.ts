// A finished run's status, derived in one place from what it delivered (issue 9, item 5):
//   failed     the run stopped (auth, permanent error, a destination that kept failing), or it
//              delivered none of the changes it should have: 0 added, 0 removed, some failed.
//              "Partial" would suggest some of it went out; none did. Removals the platform
//              refused to protect its minimum audience size are its rule, not a delivery failure:
//              a run of only those stays partial (the health model warns with the reason).
//   partial    some changes went out and some failed.
//   succeeded  everything planned went out (people the destination refused as invalid are the
//              destination's verdict on the data, shown as a warning by sync-health.ts).
// The run page, the sync page, the list and the API all read the status this writes.

export type RunOutcome = { status: "succeeded" | "partial" | "failed"; error: string | null };

export function runOutcome(r: {
  stopMessage: string | null;
  added: number;
  removed: number;
  failed: number;
  refusedRemovals?: number;
  lastError?: string | null;
}): RunOutcome {
  if (r.stopMessage) return { status: "failed", error: r.stopMessage };
  if (r.failed - (r.refusedRemovals ?? 0) > 0 && r.added + r.removed === 0) {
    const why = r.lastError ? ` Last error: ${r.lastError}` : "";
    return {
      status: "failed",
      error: `Nothing was delivered: ${r.failed.toLocaleString("en-US")} ${r.failed === 1 ? "change" : "changes"} failed after every retry.${why}`,
    };
  }
  if (r.failed > 0) return { status: "partial", error: null };
  return { status: "succeeded", error: null };
}
