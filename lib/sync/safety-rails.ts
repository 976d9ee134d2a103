import type { Connector, IdentifierKind } from "@/lib/connectors/contract";
import type { PlanCounts } from "@/lib/sync/plan-sync";

// The rails users of other tools wish they had (ARCHITECTURE §7): a warning before a removal
// takes an audience below the platform's minimum, when an audience should be visible on the
// platform and whether it is late, and how well a segment can match before anything is sent.
// Pure functions, so the plan, the run page and the wizard all say the same thing.

type Rails = Pick<Connector<unknown, unknown>, "label" | "minimumAudienceSize" | "visibilityDelayHours">;

const n = (v: number) => v.toLocaleString("en-US");
const members = (v: number) => `${n(v)} ${v === 1 ? "member" : "members"}`;

/**
 * Warns when this plan's removals would leave fewer matched people than the platform serves.
 * Matched = members × match rate (the last reported one, when we have it); without one we can
 * only compare members, which overestimates what the platform will count.
 */
export function minimumSizeWarning(
  connector: Rails,
  plan: Pick<PlanCounts, "deliveredBefore" | "toAdd" | "toRemove">,
  matchRate?: number | null,
): string | null {
  const min = connector.minimumAudienceSize;
  if (!min) return null;
  const after = plan.deliveredBefore + plan.toAdd - plan.toRemove;
  const matched = matchRate != null ? Math.round(after * matchRate) : after;
  if (matched >= min) return null;
  const what =
    matchRate != null
      ? `about ${n(matched)} matched (${members(after)} at the last reported ${Math.round(matchRate * 100)}% match rate)`
      : `${members(after)} before matching`;
  if (plan.toRemove > 0) {
    return `${connector.label} needs at least ${n(min)} matched people; after removing ${n(plan.toRemove)} this audience would have ${what}. The platform may refuse these removals: refused ones are listed on the run, not counted as removed.`;
  }
  return `${connector.label} needs at least ${n(min)} matched people to serve an audience; this one would have ${what}.`;
}

/** When the platform should show the audience: the run's end plus the documented delay. */
export function expectedVisibleBy(connector: Rails, finishedAt: Date | null | undefined): Date | null {
  if (!finishedAt || connector.visibilityDelayHours == null) return null;
  return new Date(finishedAt.getTime() + connector.visibilityDelayHours * 3_600_000);
}

/** Statuses under which the platform is still working on the audience (each platform's own words). */
const NOT_READY = /calculat|processing|pending|running|not found|too small|populating/i;

/** Whether the platform's latest report shows the audience in place: a size, and no "still working". */
export function isVisible(reported: { status?: string | null; size?: number | null } | null | undefined): boolean {
  if (!reported) return false;
  if (reported.status && NOT_READY.test(reported.status)) return false;
  return (reported.size ?? 0) > 0;
}

export type Visibility = { expectedBy: Date | null; state: "visible" | "waiting" | "overdue" | "unknown" };

/** "Overdue" once the expected time has passed and the platform still does not show the audience. */
export function visibility(
  connector: Rails,
  lastChangeFinishedAt: Date | null | undefined,
  reported: Parameters<typeof isVisible>[0],
  now = new Date(),
): Visibility {
  const expectedBy = expectedVisibleBy(connector, lastChangeFinishedAt);
  if (isVisible(reported)) return { expectedBy, state: "visible" };
  if (!expectedBy) return { expectedBy, state: "unknown" };
  return { expectedBy, state: now > expectedBy ? "overdue" : "waiting" };
}

export type MatchExpectation = {
  /** Share of eligible members with at least one identifier this sync sends: the ceiling on the match rate. */
  ceiling: number;
  byIdentifier: Partial<Record<IdentifierKind, number>>;
  text: string;
};

/**
 * Before the first sync: the platform can only match people we can send an identifier for, so
 * the share of the segment with a normalized email / valid phone (as the sync sends them) is the
 * highest match rate possible. Platforms then match a share of those to their own users.
 */
export function matchExpectation(
  plan: Pick<PlanCounts, "segmentSize" | "suppressed" | "capped" | "missingIdentifier" | "coverage">,
  identifiers: IdentifierKind[],
): MatchExpectation | null {
  const considered = plan.segmentSize - plan.suppressed - plan.capped;
  if (plan.segmentSize <= 0 || considered <= 0) return null;
  const ceiling = Math.max(0, Math.min(1, (considered - plan.missingIdentifier) / considered));
  const byIdentifier: MatchExpectation["byIdentifier"] = {};
  for (const k of identifiers) byIdentifier[k] = Math.min(1, plan.coverage[k] / plan.segmentSize);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const parts = identifiers.map(
    (k) => `${pct(byIdentifier[k]!)} have ${k === "email" ? "a normalized email" : k === "phone" ? "a valid phone" : "an external id"}`,
  );
  const text = `At most ${pct(ceiling)} can match: ${parts.join(", ")}. The platform matches a share of those to its users, so expect the match rate below this.`;
  return { ceiling, byIdentifier, text };
}

const BIT: Record<IdentifierKind, number> = { email: 1, phone: 2, external_id: 4 };

/** The same expectation from a segment's identifier combinations (segment-coverage.ts), for the wizard. */
export function coverageExpectation(
  c: { size: number; combos: Record<number, number> } | undefined,
  identifiers: IdentifierKind[],
): MatchExpectation | null {
  if (!c || c.size <= 0 || !identifiers.length) return null;
  const withAny = (mask: number) => Object.entries(c.combos).reduce((sum, [m, v]) => ((Number(m) & mask) !== 0 ? sum + v : sum), 0);
  const chosen = identifiers.reduce((m, k) => m | BIT[k], 0);
  return matchExpectation(
    {
      segmentSize: c.size,
      suppressed: 0,
      capped: 0,
      missingIdentifier: c.size - withAny(chosen),
      coverage: { email: withAny(1), phone: withAny(2), external_id: withAny(4) },
    },
    identifiers,
  );
}
