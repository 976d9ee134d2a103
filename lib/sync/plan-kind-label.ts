// What a run record says about how its plan was made (lib/sync/plan-incremental.ts): from the
// people who changed since the last complete run, or a full check of everyone, and why.

export type PlanKindStats = { plan_kind?: unknown; plan_changed?: unknown; plan_full_reason?: unknown };

export function planKindLabel(stats: PlanKindStats): string | null {
  if (stats.plan_kind === "incremental") {
    const n = typeof stats.plan_changed === "number" ? stats.plan_changed : 0;
    return `Incremental: ${n.toLocaleString("en-US")} ${n === 1 ? "person" : "people"} changed since the last complete run`;
  }
  if (stats.plan_kind === "full") {
    const reason = typeof stats.plan_full_reason === "string" ? stats.plan_full_reason : null;
    return `Full reconciliation: everyone checked${reason ? ` (${reason})` : ""}`;
  }
  return null;
}
