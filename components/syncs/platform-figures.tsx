import { formatNumber } from "@/components/ui/format";
import type { PlatformFigures } from "@/lib/sync/platform-stats";

// What the ad platform itself reported after the last run, in its own terms (users compare
// these with the platform's UI): Meta's approximate count bounds and upload totals, Google's
// match-rate range and list size, TikTok's cover_num.
const LABELS: [keyof PlatformFigures, string][] = [
  ["status", "Platform status"],
  ["approximate_count_lower_bound", "Approximate count, lower bound"],
  ["approximate_count_upper_bound", "Approximate count, upper bound"],
  ["size", "Audience size reported"],
  ["cover_num", "Matched people (TikTok cover_num)"],
  ["match_rate_range", "Match rate range"],
  ["num_received", "Rows received (last run)"],
  ["num_invalid_entries", "Invalid entries (last run)"],
  ["request_status", "Google request status (last run)"],
  ["failed_records", "Records Google could not process (last run)"],
  ["failed_reasons", "Google's reasons"],
  ["request_ids", "Google request IDs (last run)"],
];

export function PlatformFiguresList({ figures }: { figures: PlatformFigures }) {
  const rows = LABELS.filter(([k]) => figures[k] !== undefined && figures[k] !== null);
  if (!rows.length) return null;
  return (
    <dl
      className="mt-4 grid grid-cols-2 gap-x-6 gap-y-2 border-t border-slate-100 pt-3 text-sm sm:grid-cols-4"
      data-testid="platform-figures"
    >
      {rows.map(([k, label]) => (
        <div key={k}>
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="font-semibold text-slate-900 tabular-nums">
            {typeof figures[k] === "number" ? formatNumber(figures[k] as number) : String(figures[k])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
