import type { Connector } from "@/lib/connectors/contract";
import type { PlanCounts } from "@/lib/sync/plan-sync";
import { minimumSizeWarning } from "@/lib/sync/safety-rails";

// Things a person should know before (preview) or after (run page) a run, in words: platforms
// refuse or ignore audiences below their minimum (ARCHITECTURE §7, Meta's silent shrink), and a
// plan that empties most of an audience deserves a second look.
/** `matchRate`: the platform's last reported match rate, when there is one (matched, not members, is what counts). */
export function planWarnings(connector: Connector<unknown, unknown>, plan: PlanCounts, matchRate?: number | null): string[] {
  const warnings: string[] = [];
  const minimum = minimumSizeWarning(connector, plan, matchRate);
  if (minimum) warnings.push(minimum);
  if (plan.deliveredBefore >= 100 && plan.toRemove > plan.deliveredBefore / 2) {
    warnings.push(
      `This run removes ${plan.toRemove.toLocaleString("en-US")} of the ${plan.deliveredBefore.toLocaleString("en-US")} people the destination has: check the segment and suppression rules if that is unexpected.`,
    );
  }
  if (plan.segmentSize > 0 && plan.missingIdentifier / plan.segmentSize > 0.5) {
    warnings.push(
      `${Math.round((plan.missingIdentifier / plan.segmentSize) * 100)}% of the segment has none of the identifiers this sync sends.`,
    );
  }
  return warnings;
}
