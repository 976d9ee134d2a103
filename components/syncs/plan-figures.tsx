import { formatNumber } from "@/components/ui/format";

// The plan's numbers in the order the engine applies them: from the segment, who is left out and
// why, who is eligible, who is held out, and what changes at the destination.
export type PlanFigures = {
  segmentSize: number | null;
  suppressed: number | null;
  capped: number | null;
  missingIdentifier: number | null;
  eligible: number | null;
  heldOut: number | null;
  rejected?: number | null;
  /** Test profiles found among the members: never sent to a live audience. */
  testProfiles?: number | null;
  /** In an intent tier group: left to another tier (a higher tier's, or still in another tier's audience). */
  tiered?: number | null;
  toAdd: number | null;
  toRemove: number | null;
};

export function PlanFiguresList({ plan }: { plan: PlanFigures }) {
  const rows: [string, number | null | undefined, string?][] = [
    ["In the segment", plan.segmentSize],
    ["Suppressed", plan.suppressed, "a suppression rule holds them out"],
    ["Past the cap", plan.capped, "entered the segment too long ago"],
    ["No identifier", plan.missingIdentifier, "none of the identifiers this sync sends"],
    ["Eligible", plan.eligible],
    ["Held out", plan.heldOut, "the holdout group, for lift"],
    ["Refused before", plan.rejected, "the destination refused these identifiers in the last day"],
    ...(plan.testProfiles
      ? ([["Test profiles, not sent", plan.testProfiles, "test profiles never go to a live audience"]] as [string, number, string][])
      : []),
    ...(plan.tiered
      ? ([["Left to another tier", plan.tiered, "each person goes only to the highest tier of the group they qualify for"]] as [
          string,
          number,
          string,
        ][])
      : []),
    ["To add", plan.toAdd],
    ["To remove", plan.toRemove],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="plan-figures">
      {rows
        .filter(([, v]) => v !== undefined)
        .map(([label, v, why]) => (
          <div key={label} title={why}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{v === null ? "—" : formatNumber(v!)}</dd>
          </div>
        ))}
    </dl>
  );
}
