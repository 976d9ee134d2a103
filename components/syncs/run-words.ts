import { formatNumber } from "@/components/ui/format";

// A run's technical codes in words a marketer reads (issue 9, item 11). The code itself stays
// in a tooltip and in the API, for whoever reports a problem to the platform.

export const OP_LABEL: Record<string, string> = { add: "Add", remove: "Remove", hold: "Hold out" };

const ITEM_ERROR: Record<string, string> = {
  retries_exhausted: "Not sent: the destination kept failing after every retry",
  payload_rejected: "Refused: the destination would not accept this person's data",
  webhook_rejected: "Refused by the receiving endpoint",
  removal_refused_minimum_size: "Removal refused: the audience would drop below the platform's minimum",
  meta_invalid_entry: "Refused by Meta as invalid",
  validation_failed: "Refused: the identifiers did not pass the platform's checks",
  no_identifier: "Not sent: no identifier this destination accepts",
  no_result: "Unknown: the destination did not say whether it arrived",
  auth: "Not sent: the destination refused our credentials",
  permanent: "Not sent: the destination refused the request",
  invalid: "Refused as invalid",
  failed: "Not delivered",
};

/** "payload_rejected" → a sentence; an unknown code → its words, capitalised. */
export function itemErrorLabel(code: string): string {
  if (ITEM_ERROR[code]) return ITEM_ERROR[code];
  const words = code.replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "Not delivered";
}

type RunFigures = { status: string; added: number; removed: number; failed: number; invalid: number };

/**
 * The one line under "Last run" in the syncs list. "No changes needed" is a claim that the
 * destination already had the right people, so it is said only of a run that finished well:
 * a run that stopped before sending (a refused address, bad credentials) says so instead.
 */
export function lastRunSummary(run: RunFigures): string {
  const notDelivered = run.failed + run.invalid;
  if (run.status === "queued" || run.status === "running") return "Running…";
  if (run.added + run.removed > 0) return `+${formatNumber(run.added)} −${formatNumber(run.removed)}`;
  if (run.status === "cancelled") return "Cancelled before sending";
  if (run.status === "failed") return notDelivered > 0 ? "Nothing delivered" : "Stopped before sending";
  return notDelivered > 0 ? "Nothing delivered" : "No changes needed";
}
