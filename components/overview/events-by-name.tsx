import { formatNumber } from "@/components/ui/format";
import type { EventsByName as Row } from "@/lib/overview/workspace-summary";

/** A ranked list with proportional bars: readable as a table, scannable as a chart. */
export function EventsByName({ rows }: { rows: Row[] }) {
  if (rows.length === 0) {
    return <p className="py-6 text-center text-sm text-slate-500">No events in the last 7 days.</p>;
  }
  const max = rows[0].count;
  return (
    <table className="w-full text-sm">
      <thead className="sr-only">
        <tr>
          <th>Event</th>
          <th>Count</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="w-full py-1.5 pr-4">
              <div className="relative">
                <div
                  className="absolute inset-y-0 left-0 rounded bg-indigo-50"
                  style={{ width: `${Math.max(2, (r.count / max) * 100)}%` }}
                  aria-hidden
                />
                <span className="relative block truncate px-2 py-1 font-mono text-xs text-slate-700">{r.name}</span>
              </div>
            </td>
            <td className="py-1.5 text-right text-slate-900 tabular-nums">{formatNumber(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
